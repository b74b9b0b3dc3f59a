package io.tollgate.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The request as API Gateway's Lambda events describe it, under AWS's keys: the fields the proxy integration's event
 * and the Lambda {@code REQUEST} authorizer's event carry alike, built once for both. Collections keep the request's
 * order; a repeated header or query parameter is its last value in the single-value maps.
 *
 * @param resource the matched resource's path template
 * @param path the request path below the stage, whichever form of invoke URL the client used
 * @param httpMethod the method's HTTP method
 * @param headers the last value of each header, less those API Gateway does not pass on
 * @param multiValueHeaders every value of each header passed on
 * @param queryStringParameters the last value of each query parameter ({@code ""} for a name without value)
 * @param multiValueQueryStringParameters every value of each query parameter
 * @param pathParameters the decoded path parameters
 * @param stageVariables the stage's variables
 */
public record ProxyRequestFields(String resource, String path, String httpMethod, Map<String, String> headers,
		Map<String, List<String>> multiValueHeaders, Map<String, String> queryStringParameters,
		Map<String, List<String>> multiValueQueryStringParameters, Map<String, String> pathParameters,
		Map<String, String> stageVariables) {

	/** Headers API Gateway does not pass to the function. */
	private static final List<String> DROPPED_HEADERS = List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONNECTION,
			HttpHeaders.TRANSFER_ENCODING);

	public ProxyRequestFields {
		headers = ordered(headers);
		multiValueHeaders = ordered(multiValueHeaders);
		queryStringParameters = ordered(queryStringParameters);
		multiValueQueryStringParameters = ordered(multiValueQueryStringParameters);
		pathParameters = ordered(pathParameters);
		stageVariables = ordered(stageVariables);
	}

	/** The fields of {@code request}, resolved to {@code context}. */
	public static ProxyRequestFields of(RequestContext context, ServerHttpRequest request) {
		Map<String, String> headers = new LinkedHashMap<>();
		Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> {
			if (values.isEmpty() || DROPPED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
				return;
			}
			headers.put(name, values.get(values.size() - 1));
			multiValueHeaders.put(name, List.copyOf(values));
		});
		Map<String, String> query = new LinkedHashMap<>();
		Map<String, List<String>> multiValueQuery = new LinkedHashMap<>();
		request.getQueryParams().forEach((name, values) -> {
			List<String> present = new ArrayList<>(values.size());
			values.forEach((value) -> present.add((value != null) ? value : ""));
			// AWS: the last value of a repeated name.
			query.put(name, present.isEmpty() ? "" : present.get(present.size() - 1));
			multiValueQuery.put(name, List.copyOf(present));
		});
		return new ProxyRequestFields(context.resourcePath(), pathBelowStage(context, request), context.httpMethod(),
				headers, multiValueHeaders, query, multiValueQuery, context.pathParameters(),
				context.stageVariables());
	}

	/**
	 * These fields with {@code added} headers set last, each replacing the request's header of that name (in any
	 * case).
	 */
	public ProxyRequestFields withHeaders(Map<String, String> added) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>(this.multiValueHeaders);
		added.forEach((name, value) -> {
			headers.keySet().removeIf(name::equalsIgnoreCase);
			multiValueHeaders.keySet().removeIf(name::equalsIgnoreCase);
			headers.put(name, value);
			multiValueHeaders.put(name, List.of(value));
		});
		return new ProxyRequestFields(this.resource, this.path, this.httpMethod, headers, multiValueHeaders,
				this.queryStringParameters, this.multiValueQueryStringParameters, this.pathParameters,
				this.stageVariables);
	}

	/**
	 * Puts the fields into {@code event} under AWS's keys, in AWS's order ({@code resource} to
	 * {@code stageVariables}).
	 * @param emptyAsNull whether an empty collection is {@code null}, as in the proxy event
	 */
	public void putInto(Map<String, @Nullable Object> event, boolean emptyAsNull) {
		event.put("resource", this.resource);
		event.put("path", this.path);
		event.put("httpMethod", this.httpMethod);
		event.put("headers", collection(this.headers, emptyAsNull));
		event.put("multiValueHeaders", collection(this.multiValueHeaders, emptyAsNull));
		event.put("queryStringParameters", collection(this.queryStringParameters, emptyAsNull));
		event.put("multiValueQueryStringParameters", collection(this.multiValueQueryStringParameters, emptyAsNull));
		event.put("pathParameters", collection(this.pathParameters, emptyAsNull));
		event.put("stageVariables", collection(this.stageVariables, emptyAsNull));
	}

	/** The request path below the stage ({@code /pets/1}), whichever invoke URL shape the client used. */
	public static String pathBelowStage(RequestContext context, ServerHttpRequest request) {
		if (context.basePathMatched() != null) {
			// Through a custom domain AWS passes the path as the client sent it, base path included.
			return request.getURI().getRawPath();
		}
		InvokeTarget target = InvokeTarget.parse(request.getHeaders().getFirst(HttpHeaders.HOST),
				request.getURI().getRawPath(), context.apiId());
		return (target != null) ? target.path() : request.getURI().getRawPath();
	}

	private static <V> @Nullable Map<String, V> collection(Map<String, V> map, boolean emptyAsNull) {
		return (emptyAsNull && map.isEmpty()) ? null : map;
	}

	/** An unmodifiable copy that keeps the order, which the events' JSON shows. */
	private static <V> Map<String, V> ordered(Map<String, V> map) {
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

}

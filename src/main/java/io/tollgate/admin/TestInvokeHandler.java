package io.tollgate.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import io.tollgate.routing.ApiRouteLocator;
import io.tollgate.routing.PathTree;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContexts;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * TestInvokeMethod: runs one request through a method's pipeline as the API defines it now (deployed or not), in
 * memory, and answers status, body, headers, latency and an execution log, as API Gateway's console test does. As
 * on AWS the test skips authorization, API keys, throttling and the cache; validation, mapping and the integration
 * (a real backend call) run.
 */
public final class TestInvokeHandler implements AdminRoutes {

	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter
		.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT);

	/** The domain name of AWS's test invocations, which carry no Host header of their own. */
	private static final String TEST_DOMAIN = "testPrefix.testDomainName";

	/** Headers of a served response that AWS's TestInvokeMethod does not return. */
	private static final Set<String> NOT_RETURNED_HEADERS = Set.of("x-amzn-requestid", "x-amz-apigw-id",
			"content-length", "date");

	/** Header values the execution log never shows. */
	private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "x-amz-security-token",
			"cookie");

	private final ApiStore store;

	private final ApiRouteLocator routes;

	private final FilteringWebHandler pipeline;

	private final String accountId;

	public TestInvokeHandler(ApiStore store, ApiRouteLocator routes, FilteringWebHandler pipeline,
			String accountId) {
		this.store = store;
		this.routes = routes;
		this.pipeline = pipeline;
		this.accountId = accountId;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route().POST(MethodHandler.PATH, this::testInvoke).build();
	}

	/** The body of TestInvokeMethod. */
	record TestInvokeMethodRequest(@Nullable String pathWithQueryString, @Nullable String body,
			@Nullable Map<String, String> headers, @Nullable Map<String, List<String>> multiValueHeaders,
			@Nullable String clientCertificateId, @Nullable Map<String, String> stageVariables) {
	}

	/** AWS's TestInvokeMethodResponse. */
	record TestInvokeMethodResponse(int status, String body, Map<String, String> headers,
			Map<String, List<String>> multiValueHeaders, String log, long latency) {
	}

	private Mono<ServerResponse> testInvoke(ServerRequest request) {
		String resourceId = request.pathVariable("resourceId");
		String httpMethod = request.pathVariable("httpMethod");
		return AdminJson.read(request, TestInvokeMethodRequest.class)
			.zipWith(AdminApis.require(this.store, request))
			.flatMap((inputs) -> run(inputs.getT2(), resourceId, httpMethod, inputs.getT1()))
			.flatMap(AdminJson::ok);
	}

	private Mono<TestInvokeMethodResponse> run(ApiDefinition api, String resourceId, String httpMethod,
			TestInvokeMethodRequest input) {
		Method method = MethodEdits.require(api, resourceId, httpMethod);
		Resource resource = ResourceTreeEdits.require(api, resourceId);
		if (method.methodIntegration() == null) {
			throw ApiModelException.badRequest("No integration defined for method");
		}
		String pathWithQuery = (input.pathWithQueryString() != null && !input.pathWithQueryString().isBlank())
				? input.pathWithQueryString() : resource.path();
		// A resource path's own braces ({id}) stand for themselves when no concrete path is given (encoded here, for the
		// request's URI; decoded again for the path parameters and the log).
		UriComponents uri = UriComponentsBuilder
			.fromUriString((pathWithQuery.startsWith("/") ? pathWithQuery : "/" + pathWithQuery).replace("{", "%7B")
				.replace("}", "%7D"))
			.build();
		HttpHeaders headers = headers(input);
		byte[] body = (input.body() != null) ? input.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
		String host = (headers.getFirst(HttpHeaders.HOST) != null) ? headers.getFirst(HttpHeaders.HOST) : TEST_DOMAIN;
		TestInvokeExchange invocation = new TestInvokeExchange(HttpMethod.valueOf(method.httpMethod().equals("ANY")
				? "GET" : method.httpMethod()), requestUri(host, uri), headers, body);
		Route route = this.routes.testInvokeRoute(api, resource, method, TestInvokeHandler::runsInTestInvoke);
		PathTree.Match<Resource> match = PathTree.<Resource>builder()
			.put(resource.path(), resource)
			.build()
			.match((uri.getPath() != null) ? uri.getPath() : "/", (candidate) -> true);
		RequestContext context = RequestContexts.create(invocation.exchange(), this.accountId, api.restApi().id(),
				"test-invoke-stage", "test-invoke-deployment-id", resource,
				(match != null) ? decoded(match.rawParameters()) : Map.of(),
				(input.stageVariables() != null) ? input.stageVariables() : Map.of(), null);
		invocation.exchange().getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		invocation.exchange().getAttributes().put(ExchangeAttributes.REQUEST_CONTEXT, context);
		invocation.exchange().getAttributes().put(ExchangeAttributes.API_COMPONENTS, api.components());
		ExecutionLog log = new ExecutionLog(context.requestId());
		log.add("Starting execution for request: " + context.requestId());
		log.add("HTTP Method: " + method.httpMethod() + ", Resource Path: " + UriUtils.decode(
				(uri.getPath() != null) ? uri.getPath() : "/", StandardCharsets.UTF_8));
		log.add("Method request path: " + context.pathParameters());
		log.add("Method request query string: " + uri.getQueryParams().toSingleValueMap());
		log.add("Method request headers: " + shown(headers));
		log.add("Method request body before transformations: " + ((input.body() != null) ? input.body() : ""));
		log.add("Integration: " + method.methodIntegration().type()
				+ ((method.methodIntegration().uri() != null) ? " " + method.methodIntegration().uri() : ""));
		long start = System.nanoTime();
		return this.pipeline.handle(invocation.exchange()).then(Mono.fromSupplier(() -> {
			long latency = (System.nanoTime() - start) / 1_000_000;
			URI endpoint = invocation.exchange().getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
			if (endpoint != null && endpoint.getScheme() != null && endpoint.getScheme().startsWith("http")) {
				log.add("Endpoint request URI: " + endpoint);
			}
			log.add("Method response body after transformations: " + invocation.body());
			log.add("Method response headers: " + shown(invocation.headers()));
			log.add((invocation.status() < 400) ? "Successfully completed execution"
					: "Execution failed: " + invocation.headers().getFirst("x-amzn-ErrorType"));
			log.add("Method completed with status: " + invocation.status());
			Map<String, String> single = new LinkedHashMap<>();
			Map<String, List<String>> multi = new LinkedHashMap<>();
			invocation.headers().forEach((name, values) -> {
				if (NOT_RETURNED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					return;
				}
				single.put(name, String.join(",", values));
				multi.put(name, List.copyOf(values));
			});
			return new TestInvokeMethodResponse(invocation.status(), invocation.body(), single, multi, log.text(),
					latency);
		}));
	}

	private static URI requestUri(@Nullable String host, UriComponents uri) {
		try {
			return new URI("http://" + host + uri.toUriString());
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw ApiModelException.badRequest("Invalid pathWithQueryString: " + uri.toUriString());
		}
	}

	/** The steps that say they run in TestInvokeMethod (see {@link PipelineStep#runsInTestInvoke()}). */
	private static boolean runsInTestInvoke(GatewayFilter filter) {
		return !(filter instanceof PipelineStep step) || step.runsInTestInvoke();
	}

	private static HttpHeaders headers(TestInvokeMethodRequest input) {
		HttpHeaders headers = new HttpHeaders();
		if (input.multiValueHeaders() != null) {
			input.multiValueHeaders().forEach(headers::addAll);
		}
		if (input.headers() != null) {
			input.headers().forEach(headers::set);
		}
		return headers;
	}

	/** Path parameters as the log and the method see them in a test invocation: decoded. */
	private static Map<String, String> decoded(Map<String, String> rawParameters) {
		Map<String, String> decoded = new LinkedHashMap<>();
		rawParameters.forEach((name, value) -> decoded.put(name, UriUtils.decode(value, StandardCharsets.UTF_8)));
		return decoded;
	}

	private static Map<String, String> shown(HttpHeaders headers) {
		Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> shown.put(name,
				SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? "****" : String.join(",", values)));
		return shown;
	}

	/** The execution log's lines, each stamped as AWS stamps them. */
	private static final class ExecutionLog {

		private final List<String> lines = new ArrayList<>();

		ExecutionLog(String requestId) {
			this.lines.add("Execution log for request " + requestId);
		}

		void add(String line) {
			this.lines.add(LOG_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + " : " + line);
		}

		String text() {
			return String.join("\n", this.lines) + "\n";
		}

	}

}

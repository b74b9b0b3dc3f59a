package io.tollgate.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.pipeline.RequestContext;
import io.tollgate.model.HttpVerbs;
import io.tollgate.pipeline.DeployedMethod;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Builds AWS's cache key for one deployed method: API, stage, deployment (and stage generation), verb, resource path
 * and cache namespace (the resource id when unset, as in AWS), which never vary for a method and are joined once, then the values of the integration's
 * {@code cacheKeyParameters} ({@code method.request.querystring|header|path|multivaluequerystring|multivalueheader.X},
 * or an {@code integration.request.*} name mapped to one of them). Every other query parameter and header stays out
 * of the key, as in AWS. Values are length-prefixed, so no value can imitate another's boundary.
 */
final class CacheKeyGenerator {

	private final String fixedPart;

	private final boolean verbFromRequest;

	private final List<KeyParameter> parameters;

	CacheKeyGenerator(DeployedMethod method, MethodCacheSettings settings) {
		String verb = method.method().httpMethod();
		this.verbFromRequest = verb.equals(HttpVerbs.ANY);
		String namespace = method.integration().cacheNamespace();
		StringBuilder fixed = new StringBuilder(128);
		append(fixed, method.api().id());
		append(fixed, method.stageName());
		append(fixed, settings.deploymentId());
		append(fixed, Long.toString(settings.generation()));
		append(fixed, verb);
		append(fixed, method.resource().path());
		append(fixed, (namespace != null) ? namespace : method.resource().id());
		this.fixedPart = fixed.toString();
		List<KeyParameter> parameters = new ArrayList<>();
		for (String name : method.integration().cacheKeyParameters()) {
			KeyParameter parameter = KeyParameter.parse(name, method.integration().requestParameters());
			if (parameter != null) {
				parameters.add(parameter);
			}
		}
		this.parameters = List.copyOf(parameters);
	}

	/** The key of one request. */
	String keyFor(ServerHttpRequest request, RequestContext context) {
		if (!this.verbFromRequest && this.parameters.isEmpty()) {
			return this.fixedPart;
		}
		StringBuilder key = new StringBuilder(this.fixedPart.length() + 64).append(this.fixedPart);
		if (this.verbFromRequest) {
			append(key, request.getMethod().name());
		}
		for (KeyParameter parameter : this.parameters) {
			append(key, parameter.name());
			List<String> values = parameter.values(request, context);
			if (values == null) {
				key.append('-');
				continue;
			}
			key.append(values.size()).append('[');
			for (String value : values) {
				append(key, value);
			}
		}
		return key.toString();
	}

	private static void append(StringBuilder key, String value) {
		key.append(value.length()).append(':').append(value).append(';');
	}

	/** One cache key parameter and where its value comes from. */
	private record KeyParameter(String name, Source source, String parameter) {

		enum Source {

			PATH, QUERYSTRING, HEADER, MULTIVALUE_QUERYSTRING, MULTIVALUE_HEADER

		}

		static @Nullable KeyParameter parse(String name, Map<String, String> requestParameters) {
			String expression = name;
			if (name.startsWith("integration.request.")) {
				// Older APIs list the integration parameter; its mapped method request parameter is the value.
				String mapped = requestParameters.get(name);
				if (mapped == null) {
					return null;
				}
				expression = mapped;
			}
			for (Source source : Source.values()) {
				String prefix = "method.request." + source.name().toLowerCase(Locale.ROOT).replace("_", "") + ".";
				if (expression.startsWith(prefix)) {
					return new KeyParameter(name, source, expression.substring(prefix.length()));
				}
			}
			return null;
		}

		@Nullable List<String> values(ServerHttpRequest request, RequestContext context) {
			return switch (this.source) {
				case PATH -> {
					String value = context.pathParameters().get(this.parameter);
					yield (value != null) ? List.of(value) : null;
				}
				// Every value of a repeated parameter is in the key: two requests share an entry only if the
				// backend saw the same values.
				case QUERYSTRING, MULTIVALUE_QUERYSTRING -> request.getQueryParams().get(this.parameter);
				case HEADER, MULTIVALUE_HEADER -> request.getHeaders().get(this.parameter);
			};
		}

	}

}

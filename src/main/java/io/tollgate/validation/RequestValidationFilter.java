package io.tollgate.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Schema;
import io.tollgate.pipeline.PipelineStep;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.pipeline.PipelineOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * A method's request validator at work: the required request parameters, then the body against the model for its
 * Content-Type (else {@code $default}), as AWS orders them; each failure is AWS's 400
 * ({@code Missing required request parameters: [a, b]}, {@code Invalid request body}). A validated body is kept for
 * the integration.
 */
final class RequestValidationFilter implements PipelineStep {

	private final List<RequiredParameter> requiredParameters;

	private final Map<String, Schema> schemasByContentType;

	/**
	 * @param requiredParameters the required parameters, in AWS's report order (sorted {@code method.request.*} keys)
	 * @param schemasByContentType the body's schema by Content-Type ({@code $default} for any other); empty when the
	 * body is not validated
	 */
	RequestValidationFilter(List<RequiredParameter> requiredParameters, Map<String, Schema> schemasByContentType) {
		this.requiredParameters = List.copyOf(requiredParameters);
		this.schemasByContentType = Map.copyOf(schemasByContentType);
	}

	@Override
	public int getOrder() {
		return PipelineOrder.REQUEST_VALIDATION;
	}

	@Override
	public boolean runsInTestInvoke() {
		return true;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Schema schema = schemaFor(exchange.getRequest());
		if (schema == null) {
			return checkParameters(exchange).then(chain.filter(exchange));
		}
		ServerHttpRequest request = exchange.getRequest();
		// Parsing and validating up to 10 MB against the author's schema runs off the event loop.
		return checkParameters(exchange).then(RequestBodies.read(request))
			.publishOn(Schedulers.boundedElastic())
			.flatMap((body) -> {
				if (!ModelSchemas.isValidBody(schema, body)) {
					return Mono.error(new GatewayResponseException(GatewayResponseType.BAD_REQUEST_BODY));
				}
				return chain.filter(exchange.mutate().request(RequestBodies.withBody(request, body)).build());
			});
	}

	private @Nullable Schema schemaFor(ServerHttpRequest request) {
		if (this.schemasByContentType.isEmpty()) {
			return null;
		}
		MediaType contentType = request.getHeaders().getContentType();
		String key = (contentType != null) ? (contentType.getType() + "/" + contentType.getSubtype())
			.toLowerCase(Locale.ROOT) : MediaType.APPLICATION_JSON_VALUE;
		Schema schema = this.schemasByContentType.get(key);
		return (schema != null) ? schema : this.schemasByContentType.get(RequestValidationFilterFactory.DEFAULT_MODEL);
	}

	private Mono<Void> checkParameters(ServerWebExchange exchange) {
		if (this.requiredParameters.isEmpty()) {
			return Mono.empty();
		}
		List<String> missing = RequiredParameter.missing(this.requiredParameters, exchange.getRequest(),
				RequestContext.find(exchange));
		if (missing.isEmpty()) {
			return Mono.empty();
		}
		return Mono.error(new GatewayResponseException(GatewayResponseType.BAD_REQUEST_PARAMETERS,
				RequiredParameter.message(missing)));
	}

	@Override
	public String toString() {
		return filterToStringCreator(this)
			.append("requiredParameters", this.requiredParameters.stream().map(RequiredParameter::name).toList())
			.append("models", this.schemasByContentType.keySet())
			.toString();
	}

}

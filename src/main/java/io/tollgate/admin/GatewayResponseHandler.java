package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.response.GatewayResponses;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.GatewayResponse;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GetGatewayResponses, GetGatewayResponse, PutGatewayResponse, UpdateGatewayResponse and DeleteGatewayResponse. Only
 * customisations are stored; every other type is shown as AWS shows it, inheriting from a customised
 * {@code DEFAULT_4XX/5XX} ({@link GatewayResponses}).
 */
public final class GatewayResponseHandler implements AdminRoutes {

	private static final String PATH = "/restapis/{restApiId}/gatewayresponses";

	private final ApiStore store;

	public GatewayResponseHandler(ApiStore store) {
		this.store = store;
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(PATH, this::list)
			.GET(PATH + "/{responseType}", this::get)
			.PUT(PATH + "/{responseType}", this::put)
			.PATCH(PATH + "/{responseType}", this::update)
			.DELETE(PATH + "/{responseType}", this::delete)
			.build();
	}

	/** The body of PutGatewayResponse. */
	record PutGatewayResponseRequest(@Nullable String statusCode, @Nullable Map<String, String> responseParameters,
			@Nullable Map<String, String> responseTemplates) {
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(Map.of("item", GatewayResponses.views(api.components()))));
	}

	private Mono<ServerResponse> get(ServerRequest request) {
		GatewayResponseType type = GatewayResponses.type(request.pathVariable("responseType"));
		return AdminApis.require(this.store, request)
			.flatMap((api) -> AdminJson.ok(GatewayResponses.view(api.components(), type)));
	}

	private Mono<ServerResponse> put(ServerRequest request) {
		GatewayResponseType type = GatewayResponses.type(request.pathVariable("responseType"));
		return AdminJson.read(request, PutGatewayResponseRequest.class).flatMap((body) -> {
			requireStatusCode(body.statusCode());
			checkParameters(body.responseParameters());
			GatewayResponse customised = GatewayResponses.customised(type, body.statusCode(),
					body.responseParameters(), body.responseTemplates());
			return AdminApis.update(this.store, request, (api) -> with(api, customised))
				.then(AdminJson.created(customised));
		});
	}

	private Mono<ServerResponse> update(ServerRequest request) {
		GatewayResponseType type = GatewayResponses.type(request.pathVariable("responseType"));
		return AdminJson.read(request, PatchRequest.class)
			.flatMap((patch) -> AdminApis.update(this.store, request,
					(api) -> with(api, patched(GatewayResponses.view(api.components(), type), type, patch))))
			.flatMap((api) -> AdminJson.ok(GatewayResponses.view(api.components(), type)));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		GatewayResponseType type = GatewayResponses.type(request.pathVariable("responseType"));
		return AdminApis.update(this.store, request, (api) -> {
			if (!api.components().gatewayResponses().containsKey(type.name())) {
				throw ApiModelException.notFound("Gateway response type not defined on api");
			}
			return api.withComponents(api.components().withoutGatewayResponse(type.name()));
		}).then(AdminJson.accepted());
	}

	private static ApiDefinition with(ApiDefinition api, GatewayResponse response) {
		return api.withComponents(api.components().withGatewayResponse(response));
	}

	/** UpdateGatewayResponse starts from what GET shows, so a type never customised becomes customised. */
	private static GatewayResponse patched(GatewayResponse current, GatewayResponseType type, PatchRequest patch) {
		String statusCode = current.statusCode();
		Map<String, String> parameters = new LinkedHashMap<>(current.responseParameters());
		Map<String, String> templates = new LinkedHashMap<>(current.responseTemplates());
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			String op = operation.op();
			if (path.size() == 1 && path.get(0).equals("statusCode") && op.equals("replace")) {
				statusCode = (operation.value() == null || operation.value().isEmpty())
						? GatewayResponses.listedStatus(type) : operation.value();
				requireStatusCode(statusCode);
			}
			else if (path.size() == 2 && path.get(0).equals("responseParameters")) {
				patchEntry(parameters, path.get(1), operation, "responseParameters",
						"Invalid parameter name specified");
				checkParameters(parameters);
			}
			else if (path.size() == 2 && path.get(0).equals("responseTemplates")) {
				patchEntry(templates, path.get(1), operation, "responseTemplates",
						"Content-Type specified was not found");
			}
			else {
				throw ApiModelException.badRequest("Invalid patch path " + operation.path());
			}
		}
		return new GatewayResponse(type.name(), statusCode, parameters, templates, false);
	}

	private static void patchEntry(Map<String, String> entries, String key, PatchRequest.Operation operation,
			String field, String notFound) {
		String value = operation.value();
		switch (operation.op()) {
			case "add" -> entries.put(key, requireValue(value, field));
			case "replace" -> {
				requireValue(value, field);
				if (!entries.containsKey(key)) {
					throw ApiModelException.notFound(notFound);
				}
				entries.put(key, value);
			}
			case "remove" -> {
				if (entries.remove(key) == null) {
					throw ApiModelException.notFound(notFound);
				}
			}
			default -> throw ApiModelException.badRequest("Invalid patch path " + operation.path());
		}
	}

	private static String requireValue(@Nullable String value, String field) {
		if (value == null || value.isEmpty()) {
			throw ApiModelException.badRequest("Invalid null or empty value in " + field);
		}
		return value;
	}

	private static void requireStatusCode(@Nullable String statusCode) {
		if (statusCode != null && !GatewayResponses.STATUS_CODE.matcher(statusCode).matches()) {
			throw ApiModelException.of(400, "ValidationException", "1 validation error detected: Value '"
					+ statusCode + "' at 'statusCode' failed to satisfy constraint: Member must satisfy regular "
					+ "expression pattern: [1-5]\\d\\d");
		}
	}

	/** Gateway responses can only set headers: {@code gatewayresponse.header.<name>}. */
	private static void checkParameters(@Nullable Map<String, String> parameters) {
		if (parameters == null) {
			return;
		}
		parameters.forEach((key, expression) -> {
			if (!key.startsWith(GatewayResponses.HEADER_PARAMETER_PREFIX)
					|| key.length() == GatewayResponses.HEADER_PARAMETER_PREFIX.length()) {
				throw ApiModelException.badRequest("Invalid mapping expression specified: Validation Result: "
						+ "warnings : [], errors : [Invalid mapping expression parameter specified: " + key + "]");
			}
			requireValue(expression, "responseParameters");
		});
	}

}

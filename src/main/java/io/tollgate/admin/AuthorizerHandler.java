package io.tollgate.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorRegex;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.Method;
import io.tollgate.model.ModelIds;
import io.tollgate.model.Resource;
import io.tollgate.store.ApiStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer and DeleteAuthorizer. An authorizer is checked as AWS checks
 * it whenever it is created or changed; one that a method uses cannot be deleted.
 */
public final class AuthorizerHandler implements AdminRoutes {

	private static final String PATH = "/restapis/{restApiId}/authorizers";

	private static final String NOT_FOUND = "Invalid Authorizer identifier specified";

	private static final ApiComponentOperations.Kind<Authorizer> KIND = new ApiComponentOperations.Kind<>(
			(components) -> components.authorizers().values(),
			(components, id) -> Optional.ofNullable(components.authorizers().get(id)), ApiComponents::withAuthorizer,
			(components, component) -> components.withoutAuthorizer(component.id()));

	private static final Pattern TOKEN_SOURCE = Pattern.compile("method\\.request\\.header\\.[a-zA-Z0-9._-]+");

	private static final Pattern REQUEST_SOURCE = Pattern
		.compile("(method\\.request\\.(header|querystring)|stageVariables|context)\\.[a-zA-Z0-9._$-]+");

	private static final List<String> REPLACEABLE = List.of("/authorizerCredentials", "/authorizerResultTtlInSeconds",
			"/authorizerUri", "/authType", "/identitySource", "/identityValidationExpression", "/name", "/type");

	private final ApiStore store;

	private final ApiComponentOperations<Authorizer> operations;

	public AuthorizerHandler(ApiStore store) {
		this.store = store;
		this.operations = new ApiComponentOperations<>(store, "authorizerId", KIND,
				(id) -> ApiModelException.notFound(NOT_FOUND));
	}

	@Override
	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.POST(PATH, this::create)
			.GET(PATH, this.operations::list)
			.GET(PATH + "/{authorizerId}", this.operations::get)
			.PATCH(PATH + "/{authorizerId}", (request) -> this.operations.update(request, AuthorizerHandler::patched))
			.DELETE(PATH + "/{authorizerId}",
					(request) -> this.operations.delete(request, AuthorizerHandler::refuseWhileUsed))
			.build();
	}

	/** The body of CreateAuthorizer; the type is read as text so that a wrong one is refused as AWS does. */
	record CreateAuthorizerRequest(@Nullable String name, @Nullable String type, @Nullable List<String> providerARNs,
			@Nullable String authType, @Nullable String authorizerUri, @Nullable String authorizerCredentials,
			@Nullable String identitySource, @Nullable String identityValidationExpression,
			@Nullable Integer authorizerResultTtlInSeconds) {
	}

	private Mono<ServerResponse> create(ServerRequest request) {
		return AdminJson.read(request, CreateAuthorizerRequest.class).flatMap((body) -> {
			Authorizer authorizer = checked(ModelIds.random(), body.name(), type(body.type()), body.providerARNs(),
					body.authType(), body.authorizerUri(), body.authorizerCredentials(), body.identitySource(),
					body.identityValidationExpression(), body.authorizerResultTtlInSeconds());
			// AWS's answer to an unknown API here, recorded.
			return AdminApis.update(this.store, request, (api) -> this.operations.with(api, authorizer),
					() -> ApiModelException.conflict(
							"Unable to complete operation due to concurrent modification. Please try again later."))
				.then(AdminJson.created(authorizer));
		});
	}

	/** One that a method uses ({@code CUSTOM} or {@code COGNITO_USER_POOLS}) cannot be deleted. */
	private static void refuseWhileUsed(ApiDefinition api, Authorizer authorizer) {
		for (Resource resource : api.resources()) {
			for (Method method : resource.resourceMethods().values()) {
				if (authorizer.id().equals(method.authorizerId()) && usesAuthorizer(method)) {
					throw ApiModelException.conflict("Cannot delete authorizer '" + authorizer.name()
							+ "', is referenced in method: " + method.httpMethod() + "/" + resource.path());
				}
			}
		}
	}

	private static boolean usesAuthorizer(Method method) {
		return method.authorizationType() == AuthorizationType.CUSTOM
				|| method.authorizationType() == AuthorizationType.COGNITO_USER_POOLS;
	}

	private static Authorizer patched(Authorizer current, PatchRequest patch) {
		String name = current.name();
		AuthorizerType type = current.type();
		List<String> providerARNs = new ArrayList<>(current.providerARNs());
		String authType = current.authType();
		String authorizerUri = current.authorizerUri();
		String authorizerCredentials = current.authorizerCredentials();
		String identitySource = current.identitySource();
		String identityValidationExpression = current.identityValidationExpression();
		Integer ttl = current.authorizerResultTtlInSeconds();
		for (PatchRequest.Operation operation : patch.patchOperations()) {
			List<String> path = operation.segments();
			if (path.get(0).equals("providerARNs")) {
				// AWS clients send the ARN as the value (Terraform) or as the path's last segment.
				String arn = (path.size() == 2) ? path.get(1) : operation.value();
				if (path.size() > 2 || arn == null || arn.isEmpty()) {
					throw unsupported(operation);
				}
				switch (operation.op()) {
					case "add" -> {
						if (!providerARNs.contains(arn)) {
							providerARNs.add(arn);
						}
					}
					case "remove" -> providerARNs.remove(arn);
					default -> throw unsupported(operation);
				}
				continue;
			}
			if (!operation.op().equals("replace") || path.size() != 1) {
				throw unsupported(operation);
			}
			String value = operation.value();
			switch (path.get(0)) {
				case "name" -> name = value;
				case "type" -> type = type(value);
				case "authType" -> authType = value;
				case "authorizerUri" -> authorizerUri = value;
				case "authorizerCredentials" -> authorizerCredentials = value;
				case "identitySource" -> identitySource = value;
				case "identityValidationExpression" -> identityValidationExpression = value;
				case "authorizerResultTtlInSeconds" -> ttl = ttl(value);
				default -> throw unsupported(operation);
			}
		}
		return checked(current.id(), name, type, providerARNs, authType, authorizerUri, authorizerCredentials,
				identitySource, identityValidationExpression, ttl);
	}

	private static ApiModelException unsupported(PatchRequest.Operation operation) {
		if (operation.op().equals("replace")) {
			return ApiModelException.badRequest("Invalid patch path  '" + operation.path() + "' specified for op "
					+ "'replace'. Must be one of: " + REPLACEABLE);
		}
		return ApiModelException.badRequest("Invalid patch path  '" + operation.path() + "' specified for op '"
				+ operation.op() + "'. Please choose supported operations");
	}

	private static @Nullable Integer ttl(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			throw ApiModelException.badRequest("Invalid value for authorizerResultTtlInSeconds: " + value);
		}
	}

	private static AuthorizerType type(@Nullable String type) {
		if (type == null) {
			throw validation("Value null at 'createAuthorizerInput.type' failed to satisfy constraint: Member must "
					+ "not be null");
		}
		for (AuthorizerType candidate : AuthorizerType.values()) {
			if (candidate.name().equals(type)) {
				return candidate;
			}
		}
		throw validation("Value '" + type + "' at 'createAuthorizerInput.type' failed to satisfy constraint: Member "
				+ "must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]");
	}

	private static ApiModelException validation(String error) {
		return ApiModelException.of(400, "ValidationException", "1 validation error detected: " + error);
	}

	/**
	 * An authorizer as AWS accepts it: Lambda authorizers name their function, Cognito ones their user pools, and
	 * the identity source has the form the type needs (one header for TOKEN and Cognito; header, query string,
	 * stage variable or context values for REQUEST, required when results are cached).
	 */
	private static Authorizer checked(String id, @Nullable String name, AuthorizerType type,
			@Nullable List<String> providerARNs, @Nullable String authType, @Nullable String authorizerUri,
			@Nullable String authorizerCredentials, @Nullable String identitySource,
			@Nullable String identityValidationExpression, @Nullable Integer ttl) {
		if (name == null || name.isBlank()) {
			throw ApiModelException.badRequest("Authorizer name must be non-empty");
		}
		switch (type) {
			case TOKEN, REQUEST -> {
				if (authorizerUri == null || authorizerUri.isBlank()) {
					throw ApiModelException.badRequest("Invalid Authorizer URI specified: an authorizerUri is "
							+ "required for " + type + " authorizers");
				}
			}
			case COGNITO_USER_POOLS -> {
				if (providerARNs == null || providerARNs.isEmpty()) {
					throw ApiModelException.badRequest("Invalid providerARNs specified: at least one Cognito user "
							+ "pool ARN is required for COGNITO_USER_POOLS authorizers");
				}
			}
		}
		if (type == AuthorizerType.REQUEST) {
			boolean cached = ttl == null || ttl > 0;
			if ((identitySource == null || identitySource.isBlank()) && cached) {
				throw ApiModelException.badRequest("Identity source must be specified for REQUEST authorizers when "
						+ "authorizer caching is enabled");
			}
			if (identitySource != null && !identitySource.isBlank()) {
				for (String source : identitySource.split(",")) {
					if (!REQUEST_SOURCE.matcher(source.trim()).matches()) {
						throw ApiModelException.badRequest("Invalid identity source expression: " + source.trim());
					}
				}
			}
		}
		else if (identitySource == null || !TOKEN_SOURCE.matcher(identitySource).matches()) {
			throw ApiModelException.badRequest("Invalid token source expression: " + identitySource + ". The source "
					+ "must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'");
		}
		if (identityValidationExpression != null && !identityValidationExpression.isEmpty()) {
			AuthorRegex.check(identityValidationExpression, "identity validation expression");
		}
		// The record checks the TTL's range (0 to 3600, 300 when absent).
		return new Authorizer(id, name, type, providerARNs, authType, authorizerUri, authorizerCredentials,
				identitySource, identityValidationExpression, ttl);
	}

}

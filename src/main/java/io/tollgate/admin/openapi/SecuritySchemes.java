package io.tollgate.admin.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.tollgate.admin.openapi.IntegrationExtension.putIfPresent;
import static io.tollgate.admin.openapi.OpenApiDocument.fields;
import static io.tollgate.admin.openapi.OpenApiDocument.stringList;
import static io.tollgate.admin.openapi.OpenApiDocument.text;

/**
 * A definition's security schemes as API Gateway reads them: a scheme with {@code x-amazon-apigateway-authorizer}
 * is a Lambda or Cognito authorizer, one with {@code x-amazon-apigateway-authtype: awsSigv4} stands for
 * {@code AWS_IAM}, and an {@code apiKey} scheme in the {@code x-api-key} header for a required API key. A
 * method's {@code security} names schemes; what they stand for becomes its authorization.
 */
final class SecuritySchemes {

	private static final String HEADER_SOURCE = "method.request.header.";

	private final Map<String, Authorizer> authorizers = new LinkedHashMap<>();

	private final Set<String> apiKeySchemes = new HashSet<>();

	private final Set<String> sigv4Schemes = new HashSet<>();

	private final Set<String> ignored = new HashSet<>();

	/** What a method's {@code security} amounts to. */
	record MethodSecurity(AuthorizationType authorizationType, @Nullable String authorizerId, boolean apiKeyRequired,
			List<String> authorizationScopes) {

		static final MethodSecurity NONE = new MethodSecurity(AuthorizationType.NONE, null, false, List.of());

	}

	static SecuritySchemes read(OpenApiDocument document, String apiId, ImportProblems problems) {
		SecuritySchemes schemes = new SecuritySchemes();
		JsonNode declared = document.root().path("components").path("securitySchemes");
		for (Map.Entry<String, JsonNode> entry : fields(declared)) {
			String name = entry.getKey();
			JsonNode scheme = document.resolve(entry.getValue());
			String authtype = text(scheme, OpenApiExtensions.AUTHTYPE);
			JsonNode authorizer = scheme.get(OpenApiExtensions.AUTHORIZER);
			if (authorizer != null && authorizer.isObject()) {
				try {
					schemes.authorizers.put(name, authorizer(apiId, name, scheme, authorizer, authtype));
				}
				catch (ApiModelException ex) {
					problems.error("Unable to create authorizer '" + name + "': " + ex.getMessage());
					schemes.ignored.add(name);
				}
			}
			else if (OpenApiExtensions.SIGV4_AUTHTYPE.equalsIgnoreCase(authtype)) {
				schemes.sigv4Schemes.add(name);
			}
			else if ("apiKey".equals(text(scheme, "type")) && "header".equals(text(scheme, "in"))
					&& OpenApiExtensions.API_KEY_HEADER.equalsIgnoreCase(text(scheme, "name"))) {
				schemes.apiKeySchemes.add(name);
			}
			else {
				problems.warning("Unsupported security definition '" + name + "' of type '" + text(scheme, "type")
						+ "'. Ignoring.");
				schemes.ignored.add(name);
			}
		}
		return schemes;
	}

	private static Authorizer authorizer(String apiId, String name, JsonNode scheme, JsonNode extension,
			@Nullable String authtype) {
		String typeName = text(extension, "type");
		AuthorizerType type = IntegrationExtension.enumValue(AuthorizerType.class,
				(typeName != null) ? typeName : "token", "authorizer type");
		String identitySource = text(extension, "identitySource");
		if (identitySource == null && type != AuthorizerType.REQUEST && "header".equals(text(scheme, "in"))
				&& text(scheme, "name") != null) {
			// A token or Cognito authorizer reads the header its scheme names.
			identitySource = HEADER_SOURCE + text(scheme, "name");
		}
		Integer ttl = null;
		JsonNode ttlNode = extension.get("authorizerResultTtlInSeconds");
		if (ttlNode != null && !ttlNode.isNull()) {
			try {
				ttl = Integer.valueOf(ttlNode.asString().trim());
			}
			catch (NumberFormatException ex) {
				throw ApiModelException.badRequest("Invalid authorizerResultTtlInSeconds: " + ttlNode.asString());
			}
		}
		return new Authorizer(ModelIds.derived(apiId + ":authorizer:" + name), name, type,
				stringList(extension, "providerARNs"), authtype, text(extension, "authorizerUri"),
				text(extension, "authorizerCredentials"), identitySource,
				text(extension, "identityValidationExpression"), ttl);
	}

	/** The authorizers, by scheme name. */
	Map<String, Authorizer> authorizers() {
		return this.authorizers;
	}

	/**
	 * What a method's security requirements amount to; {@code requirements} is the operation's {@code security}
	 * or, when it has none, the document's.
	 */
	MethodSecurity secure(@Nullable JsonNode requirements, String where, ImportProblems problems) {
		if (requirements == null || !requirements.isArray()) {
			return MethodSecurity.NONE;
		}
		AuthorizationType type = AuthorizationType.NONE;
		Authorizer chosen = null;
		boolean apiKey = false;
		List<String> scopes = new ArrayList<>();
		for (JsonNode requirement : requirements.values()) {
			for (Map.Entry<String, JsonNode> entry : fields(requirement)) {
				String name = entry.getKey();
				Authorizer authorizer = this.authorizers.get(name);
				if (this.apiKeySchemes.contains(name)) {
					apiKey = true;
				}
				else if (this.sigv4Schemes.contains(name) || authorizer != null) {
					if (type != AuthorizationType.NONE) {
						problems.warning("Method '" + where + "' names more than one authorizer. Only the first is "
								+ "used; ignoring '" + name + "'.");
						continue;
					}
					if (authorizer == null) {
						type = AuthorizationType.AWS_IAM;
						continue;
					}
					chosen = authorizer;
					type = (authorizer.type() == AuthorizerType.COGNITO_USER_POOLS)
							? AuthorizationType.COGNITO_USER_POOLS : AuthorizationType.CUSTOM;
					for (JsonNode scope : entry.getValue().values()) {
						scopes.add(scope.asString());
					}
				}
				else if (!this.ignored.contains(name)) {
					problems.warning("Security scheme '" + name + "' of method '" + where
							+ "' is not defined. Ignoring.");
				}
			}
		}
		return new MethodSecurity(type, (chosen != null) ? chosen.id() : null, apiKey, scopes);
	}

	/** The security scheme of an authorizer, with its extensions when they are exported. */
	static ObjectNode writeAuthorizer(Authorizer authorizer, boolean extensions) {
		ObjectNode scheme = JsonNodeFactory.instance.objectNode();
		scheme.put("type", "apiKey");
		String source = authorizer.identitySource();
		boolean oneHeader = source != null && source.startsWith(HEADER_SOURCE) && !source.contains(",");
		scheme.put("name", oneHeader ? source.substring(HEADER_SOURCE.length()) : "Unused");
		scheme.put("in", "header");
		if (extensions) {
			String authtype = authorizer.authType();
			if (authtype == null) {
				authtype = (authorizer.type() == AuthorizerType.COGNITO_USER_POOLS) ? "cognito_user_pools" : "custom";
			}
			scheme.put(OpenApiExtensions.AUTHTYPE, authtype);
			ObjectNode extension = scheme.putObject(OpenApiExtensions.AUTHORIZER);
			extension.put("type", authorizer.type().name().toLowerCase(Locale.ROOT));
			putIfPresent(extension, "authorizerUri", authorizer.authorizerUri());
			putIfPresent(extension, "authorizerCredentials", authorizer.authorizerCredentials());
			putIfPresent(extension, "identitySource", authorizer.identitySource());
			putIfPresent(extension, "identityValidationExpression", authorizer.identityValidationExpression());
			extension.put("authorizerResultTtlInSeconds", authorizer.authorizerResultTtlInSeconds());
			if (!authorizer.providerARNs().isEmpty()) {
				authorizer.providerARNs().forEach(extension.putArray("providerARNs")::add);
			}
		}
		return scheme;
	}

	/** The {@code api_key} scheme: API keys in the {@code x-api-key} header. */
	static ObjectNode writeApiKey() {
		ObjectNode scheme = JsonNodeFactory.instance.objectNode();
		scheme.put("type", "apiKey");
		scheme.put("name", OpenApiExtensions.API_KEY_HEADER);
		scheme.put("in", "header");
		return scheme;
	}

	/** The {@code sigv4} scheme: SigV4-signed requests ({@code AWS_IAM}). */
	static ObjectNode writeSigv4(boolean extensions) {
		ObjectNode scheme = JsonNodeFactory.instance.objectNode();
		scheme.put("type", "apiKey");
		scheme.put("name", "Authorization");
		scheme.put("in", "header");
		if (extensions) {
			scheme.put(OpenApiExtensions.AUTHTYPE, OpenApiExtensions.SIGV4_AUTHTYPE);
		}
		return scheme;
	}

}

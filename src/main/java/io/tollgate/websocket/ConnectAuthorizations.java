package io.tollgate.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.tollgate.auth.lambda.LambdaAuthorizerResult;
import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.IamIdentity;
import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.SigV4Result;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.function.FunctionResponse;
import io.tollgate.function.FunctionUri;
import io.tollgate.model.v2.ApiConfiguration;
import io.tollgate.model.v2.AuthorizationType;
import io.tollgate.model.v2.Authorizer;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;
import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.policy.PolicyRequest;
import io.tollgate.usage.ApiKeyIndex;
import io.tollgate.usage.KeyAdmission;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Builds how a stage's {@code $connect} route is authorized, as API Gateway does before the handshake completes:
 * the route's API key (when {@code apiKeyRequired}: the key named by the API's {@code apiKeySelectionExpression},
 * valid for the API and stage through a usage plan, else 403), then its authorizer: a REQUEST Lambda authorizer
 * (identity sources missing: 401 without invoking; the function's {@code Unauthorized} error: 401; a policy that
 * does not allow {@code execute-api:Invoke} on {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}:
 * 403; anything else failing: 500) or IAM (the handshake SigV4-signed for {@code execute-api}, header or presigned
 * URL, by an identity allowed the same action; temporary credentials with their session token, before they expire).
 * The authorizer's principal and context stay with the connection.
 */
public class ConnectAuthorizations {

	private static final Log logger = LogFactory.getLog(ConnectAuthorizations.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String AUTHORIZER_KEY = "$context.authorizer.usageIdentifierKey";

	private final Supplier<FunctionInvoker> functions;

	private final Supplier<ApiKeyIndex> keys;

	private final SigV4Verifier verifier;

	private final IamIdentities identities;

	private final String region;

	private final String accountId;

	private final Duration authorizerTimeout;

	private final Clock clock;

	public ConnectAuthorizations(Supplier<FunctionInvoker> functions, Supplier<ApiKeyIndex> keys,
			SigV4Verifier verifier, IamIdentities identities, String region, String accountId,
			Duration authorizerTimeout, Clock clock) {
		this.functions = functions;
		this.keys = keys;
		this.verifier = verifier;
		this.identities = identities;
		this.region = region;
		this.accountId = accountId;
		this.authorizerTimeout = authorizerTimeout;
		this.clock = clock;
	}

	/** The authorization of {@code connect}, the API's {@code $connect} route, on {@code stage}. */
	ConnectAuthorization of(ApiConfiguration configuration, Route connect, Stage stage) {
		List<ConnectAuthorization> steps = new ArrayList<>();
		String keySelection = configuration.api().apiKeySelectionExpression();
		boolean keyFromAuthorizer = AUTHORIZER_KEY.equals(keySelection);
		if (connect.apiKeyRequired() && !keyFromAuthorizer) {
			steps.add(apiKey(keySelection));
		}
		if (connect.authorizationType() == AuthorizationType.AWS_IAM) {
			steps.add(this::iam);
		}
		else if (connect.authorizationType() == AuthorizationType.CUSTOM) {
			Authorizer authorizer = configuration.authorizerOf(connect).orElse(null);
			steps.add((authorizer != null) ? lambda(authorizer)
					: (handshake, connection) -> Mono.just(refuseWith500()));
		}
		if (connect.apiKeyRequired() && keyFromAuthorizer) {
			steps.add(apiKey(keySelection));
		}
		if (steps.isEmpty()) {
			return ConnectAuthorization.NONE;
		}
		return (handshake, connection) -> run(steps, 0, handshake, connection);
	}

	private static Mono<ConnectAuthorization.Decision> run(List<ConnectAuthorization> steps, int index,
			ServerHttpRequest handshake, ConnectionContext connection) {
		if (index == steps.size()) {
			return Mono.just(new ConnectAuthorization.Decision.Allow(connection));
		}
		return steps.get(index).authorize(handshake, connection).flatMap((decision) -> {
			if (decision instanceof ConnectAuthorization.Decision.Allow allowed) {
				return run(steps, index + 1, handshake, allowed.connection());
			}
			return Mono.just(decision);
		});
	}

	private String connectArn(ConnectionContext connection) {
		return "arn:aws:execute-api:" + this.region + ":" + this.accountId + ":" + connection.apiId() + "/"
				+ connection.stage() + "/" + WebSocketRoute.CONNECT;
	}

	private ConnectAuthorization apiKey(String selection) {
		return (handshake, connection) -> Mono.fromSupplier(() -> {
			String value = AUTHORIZER_KEY.equals(selection) ? connection.authorizer().usageIdentifierKey()
					: handshake.getHeaders().getFirst(headerOf(selection));
			KeyAdmission admission = (value != null && !value.isEmpty())
					? this.keys.get().admit(value, connection.apiId(), connection.stage()) : null;
			if (value == null || admission == null) {
				return ConnectAuthorization.Decision.Refuse.forbidden();
			}
			return new ConnectAuthorization.Decision.Allow(
					connection.withIdentity(connection.identity().withApiKey(value, admission.keyId())));
		});
	}

	/** {@code $request.header.x-api-key} to {@code x-api-key}; the default header otherwise. */
	private static String headerOf(String selection) {
		String prefix = "$request.header.";
		return selection.startsWith(prefix) ? selection.substring(prefix.length()) : "x-api-key";
	}

	private Mono<ConnectAuthorization.Decision> iam(ServerHttpRequest handshake, ConnectionContext connection) {
		SigV4Request signed = SigV4Request.of(handshake, new byte[0]);
		SigV4Result result = this.verifier.verify(signed);
		if (result instanceof SigV4Result.Failed failed) {
			return Mono.just(refuse(failed));
		}
		IamIdentity identity = this.identities.find(((SigV4Result.Verified) result).accessKeyId()).orElse(null);
		if (identity == null) {
			return Mono.just(refuse(SigV4Result.Failed.unrecognizedClient()));
		}
		SigV4Result.Failed session = identity.checkSession(signed.sessionToken(), this.clock.instant());
		if (session != null) {
			return Mono.just(refuse(session));
		}
		if (!identity.permissions().allows("execute-api:Invoke", connectArn(connection))) {
			return Mono.just(ConnectAuthorization.Decision.Refuse.forbidden());
		}
		return Mono.just(new ConnectAuthorization.Decision.Allow(connection.withIdentity(connection.identity()
			.withIamCaller(identity.accessKeyId(), identity.accountId(), identity.user(), identity.user(),
					identity.arn(), identity.permissions()))));
	}

	private static ConnectAuthorization.Decision refuse(SigV4Result.Failed failed) {
		return new ConnectAuthorization.Decision.Refuse(failed.status(), failed.message(), failed.errorType());
	}

	private ConnectAuthorization lambda(Authorizer authorizer) {
		String uri = (authorizer.authorizerUri() != null) ? authorizer.authorizerUri() : "";
		String function = (FunctionUri.functionOf(uri) != null) ? FunctionUri.functionOf(uri) : uri;
		return (handshake, connection) -> {
			for (String source : authorizer.identitySource()) {
				String value = identityValue(source, connection);
				if (value == null || value.isEmpty()) {
					return Mono.just(ConnectAuthorization.Decision.Refuse.unauthorized());
				}
			}
			String methodArn = connectArn(connection);
			return this.functions.get()
				.invoke(function, event(methodArn, connection), this.authorizerTimeout)
				.map((response) -> decide(authorizer, response, methodArn, connection))
				.onErrorResume((ex) -> {
					logger.info("Authorizer " + authorizer.authorizerId() + " could not be invoked: " + ex);
					return Mono.just(refuseWith500());
				});
		};
	}

	private ConnectAuthorization.Decision decide(Authorizer authorizer, FunctionResponse response, String methodArn,
			ConnectionContext connection) {
		if (response.failed()) {
			JsonNode error = JSON.readTree(response.payloadAsString());
			JsonNode message = (error != null) ? error.get("errorMessage") : null;
			return (message != null && "Unauthorized".equals(message.asString()))
					? ConnectAuthorization.Decision.Refuse.unauthorized() : refuseWith500();
		}
		LambdaAuthorizerResult result;
		try {
			result = LambdaAuthorizerResult.parse(response.payload());
		}
		catch (IllegalArgumentException ex) {
			logger.info("Authorizer " + authorizer.authorizerId() + " answered an unusable result: " + ex.getMessage());
			return refuseWith500();
		}
		if (!result.policy().evaluate(PolicyRequest.of("execute-api:Invoke", methodArn)).allowed()) {
			return ConnectAuthorization.Decision.Refuse.forbidden();
		}
		return new ConnectAuthorization.Decision.Allow(connection.withAuthorizer(new AuthorizerOutput(
				result.principalId(), result.context(), Map.of(), result.usageIdentifierKey(), null)));
	}

	/** {@code route.request.header.X}, {@code route.request.querystring.X}, {@code stageVariables.X}. */
	private static @Nullable String identityValue(String source, ConnectionContext connection) {
		if (source.startsWith("route.request.header.")) {
			return connection.header(source.substring("route.request.header.".length()));
		}
		if (source.startsWith("route.request.querystring.")) {
			List<String> values = connection.queryParameters().get(source.substring("route.request.querystring.".length()));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}
		if (source.startsWith("stageVariables.")) {
			return connection.stageVariables().get(source.substring("stageVariables.".length()));
		}
		return "";
	}

	/** The REQUEST authorizer event of a WebSocket {@code $connect} (AWS's guide, §B.8). */
	private static byte[] event(String methodArn, ConnectionContext connection) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "REQUEST");
		event.put("methodArn", methodArn);
		Map<String, String> headers = new LinkedHashMap<>();
		connection.headers().forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
		event.put("headers", headers);
		event.put("multiValueHeaders", connection.headers());
		Map<String, String> query = new LinkedHashMap<>();
		connection.queryParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		event.put("queryStringParameters", query);
		event.put("multiValueQueryStringParameters", connection.queryParameters());
		event.put("stageVariables", connection.stageVariables());
		RouteEvent connect = RouteEvent.connect(connection);
		Map<String, Object> requestContext = new LinkedHashMap<>();
		requestContext.put("routeKey", WebSocketRoute.CONNECT);
		requestContext.put("eventType", "CONNECT");
		requestContext.put("extendedRequestId", connect.requestId());
		requestContext.put("requestTime", connect.requestTime());
		requestContext.put("messageDirection", "IN");
		requestContext.put("stage", connection.stage());
		requestContext.put("connectedAt", connection.connectedAt());
		requestContext.put("requestTimeEpoch", connect.requestTimeEpoch());
		requestContext.put("identity", Map.of("sourceIp", connection.sourceIp()));
		requestContext.put("requestId", connect.requestId());
		requestContext.put("domainName", connection.domainName());
		requestContext.put("connectionId", connection.connectionId());
		requestContext.put("apiId", connection.apiId());
		event.put("requestContext", requestContext);
		return JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
	}

	private static ConnectAuthorization.Decision refuseWith500() {
		return new ConnectAuthorization.Decision.Refuse(500, "Internal server error", null);
	}

}

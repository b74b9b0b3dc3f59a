package io.tollgate.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.IamIdentity;
import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.SigV4Result;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.pipeline.InvokeTarget;
import io.tollgate.pipeline.RequestBodies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

/**
 * The {@code @connections} API ({@code apigatewaymanagementapi}) of a WebSocket stage:
 * {@code POST|GET|DELETE /{stage}/@connections/{connectionId}}, SigV4-signed for service {@code execute-api} by a
 * configured identity allowed {@code execute-api:ManageConnections} on
 * {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/@connections/{connectionId}}. A connection
 * that is closed, never existed or belongs to another stage is gone (410, empty body). The payload of a POST goes
 * to the client as one text message.
 */
final class ConnectionsApiHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The path below the stage, as clients send it ({@code @} may arrive encoded). */
	private static final List<String> PREFIXES = List.of("/@connections/", "/%40connections/");

	/** ISO-8601 with milliseconds, as AWS writes {@code connectedAt}: {@code 2020-04-30T20:10:33.236Z}. */
	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final ConnectionRegistry registry;

	private final SigV4Verifier verifier;

	private final IamIdentities identities;

	private final String region;

	private final String accountId;

	private final int maxPayloadBytes;

	ConnectionsApiHandler(ConnectionRegistry registry, SigV4Verifier verifier, IamIdentities identities, String region,
			String accountId, int maxPayloadBytes) {
		this.registry = registry;
		this.verifier = verifier;
		this.identities = identities;
		this.region = region;
		this.accountId = accountId;
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/** Whether the path below the stage is an {@code @connections} call. */
	static boolean addresses(InvokeTarget target) {
		return PREFIXES.stream().anyMatch((prefix) -> target.path().startsWith(prefix));
	}

	Mono<Void> handle(ServerWebExchange exchange, InvokeTarget target) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		String rawId = connectionIdOf(target.path());
		if (!(HttpMethod.POST.equals(method) || HttpMethod.GET.equals(method) || HttpMethod.DELETE.equals(method))
				|| rawId == null) {
			return GatewayAnswers.write(exchange, 403, "Forbidden", "ForbiddenException");
		}
		String connectionId = UriUtils.decode(rawId, StandardCharsets.UTF_8);
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxPayloadBytes) {
			return tooLarge(exchange);
		}
		return RequestBodies.read(request.getBody(), declared, PayloadTooLarge::new)
			.flatMap((body) -> (body.length > this.maxPayloadBytes) ? tooLarge(exchange)
					: authorized(exchange, target, method, connectionId, body))
			.onErrorResume(PayloadTooLarge.class, (ex) -> tooLarge(exchange));
	}

	private Mono<Void> authorized(ServerWebExchange exchange, InvokeTarget target, HttpMethod method,
			String connectionId, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		SigV4Request signed = SigV4Request.of(request, body);
		SigV4Result result = this.verifier.verify(signed);
		if (result instanceof SigV4Result.Failed failed) {
			return GatewayAnswers.write(exchange, failed.status(), failed.message(), failed.errorType());
		}
		IamIdentity identity = this.identities.find(((SigV4Result.Verified) result).accessKeyId()).orElse(null);
		SigV4Result.Failed session = (identity != null) ? identity.checkSession(signed.sessionToken(), Instant.now())
				: null;
		if (session != null) {
			return GatewayAnswers.write(exchange, session.status(), session.message(), session.errorType());
		}
		String resource = "arn:aws:execute-api:" + this.region + ":" + this.accountId + ":" + target.apiId() + "/"
				+ target.stage() + "/" + method.name() + "/@connections/" + connectionId;
		if (identity == null || !identity.permissions().allows("execute-api:ManageConnections", resource)) {
			return GatewayAnswers.write(exchange, 403, "Forbidden", "ForbiddenException");
		}
		if (!ConnectionIds.isWellFormed(connectionId)) {
			return GatewayAnswers.write(exchange, 400, "Invalid connectionId: " + connectionId,
					"BadRequestException");
		}
		return this.registry.find(connectionId)
			.filter((record) -> record.belongsTo(target.apiId(), target.stage()))
			.flatMap((record) -> act(exchange, method, record, body).thenReturn(record))
			.switchIfEmpty(Mono.defer(() -> gone(exchange).then(Mono.empty())))
			.then();
	}

	private Mono<Void> act(ServerWebExchange exchange, HttpMethod method, ConnectionRecord record, byte[] body) {
		if (HttpMethod.GET.equals(method)) {
			return GatewayAnswers.json(exchange, 200, describe(record));
		}
		Mono<Delivery> delivery = HttpMethod.POST.equals(method)
				? this.registry.post(record.connectionId(), new String(body, StandardCharsets.UTF_8))
				: this.registry.delete(record.connectionId());
		return delivery.flatMap((outcome) -> switch (outcome) {
			case DELIVERED -> GatewayAnswers.write(exchange, HttpMethod.POST.equals(method) ? 200 : 204, null, null);
			case LIMIT_EXCEEDED -> GatewayAnswers.write(exchange, 429, "Limit Exceeded", "LimitExceededException");
			case GONE -> gone(exchange);
		});
	}

	/** GetConnection's answer: {@code connectedAt}, {@code identity}, {@code lastActiveAt}, ISO-8601 with millis. */
	private static String describe(ConnectionRecord record) {
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("sourceIp", record.sourceIp());
		if (record.userAgent() != null) {
			identity.put("userAgent", record.userAgent());
		}
		Map<String, Object> connection = new LinkedHashMap<>();
		connection.put("connectedAt", millis(record.connectedAt()));
		connection.put("identity", identity);
		connection.put("lastActiveAt", millis(record.lastActiveAt()));
		return JSON.writeValueAsString(connection);
	}

	private static String millis(Instant instant) {
		return ISO_MILLIS.format(instant);
	}

	private static Mono<Void> gone(ServerWebExchange exchange) {
		return GatewayAnswers.write(exchange, 410, null, "GoneException");
	}

	private Mono<Void> tooLarge(ServerWebExchange exchange) {
		return GatewayAnswers.write(exchange, 413, "Request Entity Too Large", "PayloadTooLargeException");
	}

	/** The id segment after {@code @connections/}: exactly one non-empty segment, else {@code null}. */
	private static @Nullable String connectionIdOf(String path) {
		for (String prefix : PREFIXES) {
			if (path.startsWith(prefix)) {
				String id = path.substring(prefix.length());
				return (id.isEmpty() || id.indexOf('/') >= 0) ? null : id;
			}
		}
		return null;
	}

	private static final class PayloadTooLarge extends RuntimeException {

		PayloadTooLarge() {
			super(null, null, false, false);
		}

	}

}

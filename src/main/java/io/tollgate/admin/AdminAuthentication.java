package io.tollgate.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.SigV4Result;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.config.TollgateProperties;
import io.tollgate.pipeline.RequestBodies;
import io.tollgate.model.ApiModelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Authenticates management calls as AWS does: SigV4 with the signing name {@code apigateway}, against the
 * configured admin credentials. Fails closed: with authentication on and no credentials configured, every call
 * is refused.
 */
public final class AdminAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	/** The signing name of AWS's API Gateway management API. */
	public static final String SERVICE_SIGNING_NAME = "apigateway";

	private static final Log logger = LogFactory.getLog(AdminAuthentication.class);

	private final TollgateProperties.Admin admin;

	private final SigV4Verifier verifier;

	public AdminAuthentication(TollgateProperties.Admin admin, String region) {
		this.admin = admin;
		this.verifier = new SigV4Verifier(SERVICE_SIGNING_NAME, region, secretAccessKeys(admin), Clock.systemUTC(),
				SigV4Verifier.DEFAULT_MAX_CLOCK_SKEW, admin.unsignedPayloadOverHttp());
		if (!admin.authEnabled()) {
			logger.warn("Management API authentication is OFF (tollgate.admin.auth-enabled=false): anyone who reaches "
					+ "port " + admin.port() + " can change every API. Use this for local development only.");
		}
		else if (!admin.credentialsConfigured()) {
			logger.warn("Management API refuses every call until tollgate.admin.access-key-id and "
					+ "tollgate.admin.secret-access-key are set");
		}
	}

	/** The configured key pair; no key at all until both are set, so that every call is refused. */
	private static Function<String, Optional<String>> secretAccessKeys(TollgateProperties.Admin admin) {
		String accessKeyId = admin.accessKeyId();
		String secretAccessKey = admin.secretAccessKey();
		if (!admin.credentialsConfigured() || accessKeyId == null || secretAccessKey == null) {
			return (id) -> Optional.empty();
		}
		return (id) -> accessKeyId.equals(id) ? Optional.of(secretAccessKey) : Optional.empty();
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (!this.admin.authEnabled()) {
			return next.handle(request);
		}
		// The body is read to verify its hash, within the gateway's payload limit (management calls stay far below).
		return RequestBodies
			.read(request.body(BodyExtractors.toDataBuffers()), request.headers().contentLength().orElse(-1),
					AdminAuthentication::requestTooLarge)
			.flatMap((body) -> {
				SigV4Result result = this.verifier.verify(signedRequest(request, body));
				if (result instanceof SigV4Result.Failed failed) {
					if (logger.isDebugEnabled()) {
						logger.debug("Refused management call " + request.method() + " " + request.path() + ": "
								+ failed.errorType());
					}
					return Mono.error(ApiModelException.of(failed.status(), failed.errorType(), failed.message()));
				}
				return next.handle(withBody(request, body));
			});
	}

	private static SigV4Request signedRequest(ServerRequest request, byte[] body) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(values));
		return new SigV4Request(request.method().name(), request.uri().getRawPath(), request.uri().getRawQuery(),
				headers, body, request.exchange().getRequest().getSslInfo() != null);
	}

	/** The request again, its body the bytes already read, readable by the handler as often as it needs. */
	private static ServerRequest withBody(ServerRequest request, byte[] body) {
		return ServerRequest.from(request).body(RequestBodies.replay(body)).build();
	}

	private static ApiModelException requestTooLarge() {
		return ApiModelException.of(413, "RequestTooLargeException", "Request Too Long");
	}

}

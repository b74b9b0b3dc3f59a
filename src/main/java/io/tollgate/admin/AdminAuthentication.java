package io.tollgate.admin;

import io.tollgate.config.TollgateProperties;
import io.tollgate.model.ApiModelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Authenticates management calls. Fails closed: with authentication on and no credentials configured, every call
 * is refused.
 */
public final class AdminAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final Log logger = LogFactory.getLog(AdminAuthentication.class);

	private final TollgateProperties.Admin admin;

	public AdminAuthentication(TollgateProperties.Admin admin, String region) {
		this.admin = admin;
		if (!admin.authEnabled()) {
			logger.warn("Management API authentication is OFF (tollgate.admin.auth-enabled=false): anyone who reaches "
					+ "port " + admin.port() + " can change every API. Use this for local development only.");
		}
		else if (!admin.credentialsConfigured()) {
			logger.warn("Management API refuses every call until tollgate.admin.access-key-id and "
					+ "tollgate.admin.secret-access-key are set");
		}
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (!this.admin.authEnabled()) {
			return next.handle(request);
		}
		return Mono.error(ApiModelException.of(403, "MissingAuthenticationTokenException",
				"Missing Authentication Token"));
	}

}

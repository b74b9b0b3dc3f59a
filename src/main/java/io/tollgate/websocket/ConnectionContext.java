package io.tollgate.websocket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one connection, fixed by its handshake and carried into every event of it: {@code $context} minus
 * what changes per message. The authorizer's output of {@code $connect} stays with the connection, as on AWS
 * (changing the authorizer later does not affect it).
 *
 * @param connectionId the connection's id
 * @param apiId the API
 * @param stage the stage
 * @param deploymentId the deployment the stage served at the handshake
 * @param connectedAt when the handshake arrived, epoch milliseconds
 * @param domainName the custom domain the client connected through, else its {@code Host}
 * @param sourceIp the client's address
 * @param userAgent the client's {@code User-Agent}
 * @param headers the handshake's headers, names as sent, for the {@code $connect} event
 * @param queryParameters the handshake's query parameters, decoded
 * @param stageVariables the stage's variables
 * @param identity the caller as the API key and IAM steps of {@code $connect} established it
 * @param authorizer the {@code $connect} authorizer's output
 */
public record ConnectionContext(String connectionId, String apiId, String stage, String deploymentId,
		long connectedAt, String domainName, String sourceIp, @Nullable String userAgent,
		Map<String, List<String>> headers, Map<String, List<String>> queryParameters,
		Map<String, String> stageVariables, CallerIdentity identity, AuthorizerOutput authorizer) {

	public ConnectionContext {
		headers = Map.copyOf(headers);
		queryParameters = Map.copyOf(queryParameters);
		stageVariables = Map.copyOf(stageVariables);
	}

	public ConnectionContext withIdentity(CallerIdentity identity) {
		return new ConnectionContext(this.connectionId, this.apiId, this.stage, this.deploymentId, this.connectedAt,
				this.domainName, this.sourceIp, this.userAgent, this.headers, this.queryParameters,
				this.stageVariables, identity, this.authorizer);
	}

	public ConnectionContext withAuthorizer(AuthorizerOutput authorizer) {
		return new ConnectionContext(this.connectionId, this.apiId, this.stage, this.deploymentId, this.connectedAt,
				this.domainName, this.sourceIp, this.userAgent, this.headers, this.queryParameters,
				this.stageVariables, this.identity, authorizer);
	}

	/** The first value of a handshake header, matched without regard to case. */
	public @Nullable String header(String name) {
		for (Map.Entry<String, List<String>> header : this.headers.entrySet()) {
			if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
				return header.getValue().get(0);
			}
		}
		return null;
	}

	ConnectionRecord record(long lastActiveAt) {
		return new ConnectionRecord(this.connectionId, this.apiId, this.stage, Instant.ofEpochMilli(this.connectedAt),
				this.sourceIp, this.userAgent, Instant.ofEpochMilli(lastActiveAt));
	}

	@Override
	public String toString() {
		// Headers may carry credentials (Authorization, x-api-key): never printed.
		return "ConnectionContext[" + this.connectionId + ", " + this.apiId + "/" + this.stage + "]";
	}

}

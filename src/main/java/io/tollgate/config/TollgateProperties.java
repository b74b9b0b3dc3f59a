package io.tollgate.config;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tollgate's application settings, under {@code tollgate.*}. Names follow the operational contract that the chart,
 * the compose file and the tests rely on.
 *
 * @param dataDir directory of the embedded store's JSON files, used when no Redis is configured
 * @param definitionsDir location of definition files (YAML or JSON) loaded at start; a directory path or a
 * Spring resource location such as {@code classpath:samples}; unset loads none
 * @param region AWS region used in ARNs and {@code $context}
 * @param accountId AWS account id used in ARNs and {@code $context}
 * @param defaultApi id of the API served at {@code /{stage}/{path}} when no host or path-style match applies
 * @param admin the management API (AWS's API Gateway management protocol)
 */
@ConfigurationProperties(TollgateProperties.PREFIX)
public record TollgateProperties(@DefaultValue("./data") Path dataDir, @Nullable String definitionsDir,
		@DefaultValue("us-east-1") String region, @DefaultValue("000000000000") String accountId,
		@Nullable String defaultApi, @DefaultValue Admin admin) {

	public static final String PREFIX = "tollgate";

	/**
	 * @param port port of the management API, apart from the data plane; 0 picks a free port, -1 turns it off
	 * @param accessKeyId the access key id of the SigV4 credentials the management API accepts
	 * @param secretAccessKey their secret
	 * @param authEnabled whether requests must be SigV4-signed; turning it off is for local development only
	 * @param maxConnections connections the management API holds open at once (its read deadlines are
	 * {@code tollgate.server.*}'s)
	 * @param unsignedPayloadOverHttp whether a signature over {@code UNSIGNED-PAYLOAD} is accepted on calls that did
	 * not arrive over TLS (set it behind a proxy that terminates TLS)
	 */
	public record Admin(@DefaultValue("8081") int port, @Nullable String accessKeyId,
			@Nullable String secretAccessKey, @DefaultValue("true") boolean authEnabled,
			@DefaultValue("256") int maxConnections, @DefaultValue("false") boolean unsignedPayloadOverHttp) {

		public boolean credentialsConfigured() {
			return this.accessKeyId != null && !this.accessKeyId.isBlank() && this.secretAccessKey != null
					&& !this.secretAccessKey.isBlank();
		}

		@Override
		public String toString() {
			// Never print the secret.
			return "Admin[port=" + this.port + ", accessKeyId=" + this.accessKeyId + ", authEnabled="
					+ this.authEnabled + ", maxConnections=" + this.maxConnections + ", unsignedPayloadOverHttp="
					+ this.unsignedPayloadOverHttp + "]";
		}

	}

}

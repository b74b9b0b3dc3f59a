package io.tollgate.model;

import org.jspecify.annotations.Nullable;

/**
 * A custom domain's mutual TLS: clients must present a certificate that chains to the truststore.
 *
 * @param truststoreUri where the truststore (a PEM bundle of CA certificates) is: a file ({@code file:/path} or an
 * absolute path) or the name of a truststore in the settings ({@code tollgate.tls.truststores.{name}}); AWS's
 * {@code s3://} locations are not read
 * @param truststoreVersion AWS's object version, kept as given
 */
public record MutualTlsAuthentication(String truststoreUri, @Nullable String truststoreVersion) {

	public MutualTlsAuthentication {
		if (truststoreUri == null || truststoreUri.isBlank()) {
			throw ApiModelException.badRequest("Invalid truststore URI specified");
		}
		if (truststoreUri.startsWith("s3://")) {
			throw ApiModelException.badRequest("Tollgate reads truststores from files or from its settings, not "
					+ "from S3: use file:/path/to/truststore.pem or the name of a configured truststore");
		}
	}

	/** {@code null} when {@code truststoreUri} is empty: AWS turns mutual TLS off that way. */
	public static @Nullable MutualTlsAuthentication of(@Nullable String truststoreUri,
			@Nullable String truststoreVersion) {
		return (truststoreUri == null || truststoreUri.isEmpty()) ? null
				: new MutualTlsAuthentication(truststoreUri, truststoreVersion);
	}

}

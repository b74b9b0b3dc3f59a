package io.tollgate.domain;

import io.tollgate.model.MutualTlsAuthentication;
import io.tollgate.model.DomainName;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tollgate.pipeline.ClientCertificate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;

/**
 * Admits requests to custom domains with mutual TLS, as AWS does: the TLS handshake completes whatever the client
 * presents, then a request without a certificate, or with one that does not chain to the domain's truststore (or
 * is expired, or badly signed), is refused with 403. The certificate is checked against the truststore of the
 * domain the {@code Host} names, never only the one the client's SNI chose, so a client cannot pick a lenient
 * domain in the handshake and then address a strict one. No revocation check, as in AWS.
 * <p>
 * A verdict is kept for a minute per truststore and presented chain (its SHA-256 over every certificate's
 * encoding, so a look-alike certificate never reuses another's verdict): a client pays the chain validation once,
 * not on every request.
 */
public final class MutualTlsVerifier {

	private static final Log logger = LogFactory.getLog(MutualTlsVerifier.class);

	private final DomainTruststores truststores;

	private final Cache<String, Optional<ClientCertificate>> verdicts = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofMinutes(1))
		.build();

	public MutualTlsVerifier(DomainTruststores truststores) {
		this.truststores = truststores;
	}

	/**
	 * @return the client's certificate when the domain has mutual TLS and admits it, an empty optional when the
	 * domain has no mutual TLS, and an empty {@code Mono} when the request must be refused
	 */
	public Mono<Optional<ClientCertificate>> verify(DomainName domain, ServerHttpRequest request) {
		MutualTlsAuthentication mutualTls = domain.mutualTlsAuthentication();
		if (mutualTls == null) {
			return Mono.just(Optional.empty());
		}
		SslInfo ssl = request.getSslInfo();
		X509Certificate[] chain = (ssl != null) ? ssl.getPeerCertificates() : null;
		if (chain == null || chain.length == 0) {
			return Mono.empty();
		}
		X509TrustManager trust = this.truststores.trustManager(mutualTls.truststoreUri());
		if (trust == null) {
			// Fail closed: a truststore that cannot be read admits nobody.
			return Mono.empty();
		}
		String fingerprint = fingerprint(chain);
		if (fingerprint == null) {
			return Mono.empty();
		}
		String key = mutualTls.truststoreUri() + "\n" + this.truststores.generation() + "\n" + fingerprint;
		Optional<ClientCertificate> verdict = this.verdicts.get(key, (ignored) -> check(domain, trust, chain));
		// An empty verdict means refused here: the domain has mutual TLS.
		return Mono.justOrEmpty(verdict).map(Optional::of);
	}

	private static Optional<ClientCertificate> check(DomainName domain, X509TrustManager trust,
			X509Certificate[] chain) {
		try {
			trust.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
			return Optional.of(ClientCertificate.of(chain[0]));
		}
		catch (CertificateException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				// The certificate's names are the client's: no control characters reach the log.
				logger.debug("Refused a client certificate for " + domain.domainName() + ": "
						+ String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "?"));
			}
			return Optional.empty();
		}
	}

	private static @Nullable String fingerprint(X509Certificate[] chain) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (X509Certificate certificate : chain) {
				digest.update(certificate.getEncoded());
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			return null;
		}
	}

	/** Where the truststores of the domains come from. */
	public interface DomainTruststores {

		/** The trust manager of a truststore URI; {@code null} when it cannot be read. */
		@Nullable X509TrustManager trustManager(String truststoreUri);

		/** A number that changes whenever a truststore is read again, so verdicts from before are not reused. */
		long generation();

	}

}

package io.tollgate.tls;

import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.MutualTlsVerifier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires TLS: the truststores of mutual-TLS domains (always, so that a mutual-TLS domain behind a load balancer that
 * passes TLS through is still checked) and, with {@code tollgate.tls.enabled}, HTTPS on the data port.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsProperties.class)
public class TlsConfiguration {

	@Bean
	BundleTruststores bundleTruststores(SslBundles sslBundles, DomainRegistry domainRegistry) {
		BundleTruststores truststores = new BundleTruststores(sslBundles);
		domainRegistry.addListener(truststores::load);
		return truststores;
	}

	@Bean
	MutualTlsVerifier mutualTlsVerifier(BundleTruststores truststores) {
		return new MutualTlsVerifier(truststores);
	}

	@Bean
	@ConditionalOnProperty(name = "tollgate.tls.enabled", havingValue = "true")
	DataPortTls dataPortTls(SslBundles sslBundles, TlsProperties properties, DomainRegistry domainRegistry) {
		if (properties.defaultCertificate() == null || properties.defaultCertificate().isBlank()) {
			throw new IllegalStateException("tollgate.tls.enabled needs tollgate.tls.default-certificate: the name "
					+ "of the SSL bundle (spring.ssl.bundle.pem.{name}) served when a client names no custom domain");
		}
		DataPortTls tls = new DataPortTls(sslBundles, properties.defaultCertificate());
		domainRegistry.addListener(tls::domainsChanged);
		return tls;
	}

}

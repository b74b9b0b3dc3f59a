package io.tollgate.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.AbstractProtocolSslContextSpec;
import reactor.netty.tcp.SslProvider;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * HTTPS on the data port with one certificate per custom domain: the name a client sends in the TLS handshake (SNI)
 * picks the domain's certificate, anything else gets the default certificate. Domains are created at runtime, so
 * the SNI mapping is Tollgate's own (Reactor Netty's asynchronous SNI mapping over a map rebuilt when domains or
 * certificates change), while the certificates are Spring Boot SSL bundles, which reload their PEM files when they
 * change ({@code reload-on-update}). The handshake's lookup is one map read; contexts are built off the event loop.
 * <p>
 * A mutual-TLS domain asks for a client certificate but accepts any in the handshake, as AWS does: the request is
 * then refused with 403 unless the certificate chains to the domain's truststore ({@code MutualTlsVerifier}).
 * <p>
 * Only the data port: a {@link WebServerFactoryCustomizer} applies to its own application context, not to the
 * actuator's child context.
 */
public final class DataPortTls
		implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(DataPortTls.class);

	private final SslBundles bundles;

	private final String defaultCertificate;

	private final Set<String> watchedBundles = ConcurrentHashMap.newKeySet();

	private volatile boolean http2;

	private volatile DomainNames domains = DomainNames.EMPTY;

	private volatile @Nullable SslProvider defaultProvider;

	private volatile Map<String, SslProvider> providersByServerName = Map.of();

	public DataPortTls(SslBundles bundles, String defaultCertificate) {
		this.bundles = bundles;
		this.defaultCertificate = defaultCertificate;
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		this.http2 = factory.getHttp2() != null && factory.getHttp2().isEnabled();
		rebuild();
		factory.addServerCustomizers(this);
	}

	@Override
	public HttpServer apply(HttpServer server) {
		SslProvider initial = this.defaultProvider;
		if (initial == null) {
			throw new IllegalStateException("No default certificate: set tollgate.tls.default-certificate");
		}
		return server.secure((spec) -> spec.sslContext(initial.getSslContext())
			.setSniAsyncMappings((serverName, promise) -> promise.setSuccess(provider(serverName))));
	}

	/** The provider for a handshake: the domain's, or the default one. */
	@Nullable SslProvider provider(@Nullable String serverName) {
		if (serverName != null) {
			SslProvider provider = this.providersByServerName.get(serverName.toLowerCase(Locale.ROOT));
			if (provider != null) {
				return provider;
			}
		}
		return this.defaultProvider;
	}

	/** Serves the certificates of {@code changed} domains from now on. */
	public void domainsChanged(DomainNames changed) {
		this.domains = changed;
		rebuild();
	}

	private synchronized void rebuild() {
		SslProvider fallback = provider(this.defaultCertificate, false);
		if (fallback == null) {
			throw new IllegalStateException("The default certificate (SSL bundle " + this.defaultCertificate
					+ ") cannot be served");
		}
		Map<String, SslProvider> providers = new HashMap<>();
		// Domains sharing a certificate (and the same client-certificate request) share one context.
		Map<String, Optional<SslProvider>> built = new HashMap<>();
		built.put(this.defaultCertificate + ":false", Optional.of(fallback));
		for (DomainName domain : this.domains.domainNames().values()) {
			String certificate = (domain.certificate() != null) ? domain.certificate() : this.defaultCertificate;
			boolean mutualTls = domain.mutualTlsAuthentication() != null;
			SslProvider provider = built.computeIfAbsent(certificate + ":" + mutualTls,
					(key) -> Optional.ofNullable(provider(certificate, mutualTls)))
				.orElse(null);
			if (provider == null) {
				logger.warn("Custom domain " + domain.domainName() + " is served with the default certificate: "
						+ "its certificate (SSL bundle " + certificate + ") cannot be served");
				provider = built.computeIfAbsent(this.defaultCertificate + ":" + mutualTls,
						(key) -> Optional.ofNullable(provider(this.defaultCertificate, mutualTls)))
					.orElse(fallback);
			}
			providers.put(domain.domainName(), provider);
		}
		this.defaultProvider = fallback;
		this.providersByServerName = Map.copyOf(providers);
	}

	private @Nullable SslProvider provider(String bundleName, boolean askForClientCertificate) {
		try {
			SslBundle bundle = this.bundles.getBundle(bundleName);
			if (this.watchedBundles.add(bundleName)) {
				this.bundles.addBundleUpdateHandler(bundleName, (updated) -> {
					logger.info("SSL bundle " + bundleName + " changed: serving its new certificate");
					rebuild();
				});
			}
			return SslProvider.builder().sslContext(contextSpec(bundle, askForClientCertificate)).build();
		}
		catch (NoSuchSslBundleException ex) {
			logger.error("No SSL bundle named " + bundleName + " (spring.ssl.bundle.pem." + bundleName + ".*)");
			return null;
		}
		catch (RuntimeException ex) {
			logger.error("SSL bundle " + bundleName + " cannot be served: " + ex.getMessage());
			return null;
		}
	}

	private AbstractProtocolSslContextSpec<?> contextSpec(SslBundle bundle, boolean askForClientCertificate) {
		AbstractProtocolSslContextSpec<?> spec = this.http2
				? Http2SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory())
				: Http11SslContextSpec.forServer(bundle.getManagers().getKeyManagerFactory());
		return spec.configure((builder) -> {
			if (bundle.getOptions().getEnabledProtocols() != null) {
				builder.protocols(bundle.getOptions().getEnabledProtocols());
			}
			if (askForClientCertificate) {
				// Any certificate completes the handshake; the request is refused afterwards if it is untrusted.
				builder.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
			}
		});
	}

}

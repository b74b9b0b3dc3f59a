package io.tollgate.tls;

import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.tollgate.model.DomainName;
import io.tollgate.model.DomainNames;
import io.tollgate.domain.MutualTlsVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * The truststores of mutual-TLS domains, read when the domains change (never on a request): a {@code truststoreUri}
 * that is a file ({@code file:/path} or an absolute path) is read as a PEM bundle of CA certificates; any other
 * value names an SSL bundle whose truststore is used, read again whenever Spring Boot reloads the bundle.
 */
public final class BundleTruststores implements MutualTlsVerifier.DomainTruststores {

	private static final Log logger = LogFactory.getLog(BundleTruststores.class);

	private final SslBundles bundles;

	private volatile Map<String, X509TrustManager> trustManagers = Map.of();

	private volatile DomainNames domains = DomainNames.EMPTY;

	private final Set<String> watchedBundles = ConcurrentHashMap.newKeySet();

	private final AtomicLong generation = new AtomicLong();

	public BundleTruststores(SslBundles bundles) {
		this.bundles = bundles;
	}

	@Override
	public @Nullable X509TrustManager trustManager(String truststoreUri) {
		return this.trustManagers.get(truststoreUri);
	}

	@Override
	public long generation() {
		return this.generation.get();
	}

	/** Reads the truststores the domains name. */
	public synchronized void load(DomainNames changed) {
		this.domains = changed;
		Map<String, X509TrustManager> loaded = new HashMap<>();
		for (DomainName domain : changed.domainNames().values()) {
			if (domain.mutualTlsAuthentication() == null) {
				continue;
			}
			String uri = domain.mutualTlsAuthentication().truststoreUri();
			if (!loaded.containsKey(uri)) {
				X509TrustManager trust = read(uri);
				if (trust != null) {
					loaded.put(uri, trust);
				}
			}
		}
		this.trustManagers = Map.copyOf(loaded);
		this.generation.incrementAndGet();
	}

	private @Nullable X509TrustManager read(String uri) {
		try {
			KeyStore store;
			if (isFile(uri)) {
				store = new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(uri)).getTrustStore();
			}
			else {
				SslBundle bundle = this.bundles.getBundle(uri);
				if (this.watchedBundles.add(uri)) {
					this.bundles.addBundleUpdateHandler(uri, (updated) -> load(this.domains));
				}
				store = bundle.getStores().getTrustStore();
			}
			if (store == null) {
				logger.error("Truststore " + uri + " holds no certificates: its domains refuse every client");
				return null;
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					return x509;
				}
			}
			return null;
		}
		catch (NoSuchSslBundleException ex) {
			logger.error("No SSL bundle named " + uri + " (spring.ssl.bundle.pem." + uri
					+ ".truststore.certificate): its domains refuse every client");
			return null;
		}
		catch (Exception ex) {
			logger.error("Could not read truststore " + uri + ": its domains refuse every client: " + ex.getMessage());
			return null;
		}
	}

	static boolean isFile(String uri) {
		return uri.startsWith("file:") || uri.startsWith("/");
	}

}

package io.tollgate.domain;

import io.tollgate.model.DomainNames;
import io.tollgate.model.ApiMapping;
import io.tollgate.model.DomainName;
import io.tollgate.pipeline.ExchangeAttributes;
import io.tollgate.store.DefinitionFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The custom domains as the data plane sees them: read from the {@link DomainStore} at start, then replaced as a
 * whole on every change the store announces (from any replica). Resolves a request's {@code Host} and path to the
 * API mapping that serves it, the longest matching mapping key winning, as in AWS.
 */
public final class DomainRegistry implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DomainRegistry.class);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofMinutes(2);

	private final DomainStore store;

	private final List<Consumer<DomainNames>> listeners = new CopyOnWriteArrayList<>();

	private volatile DomainNames domains = DomainNames.EMPTY;

	/** Each domain's mappings, longest key first. */
	private volatile Map<String, List<ApiMapping>> mappingsByHost = Map.of();

	private volatile @Nullable Disposable changeSubscription;

	public DomainRegistry(DomainStore store) {
		this.store = store;
	}

	/** The domains served now. */
	public DomainNames domains() {
		return this.domains;
	}

	public @Nullable DomainName domain(String domainName) {
		return this.domains.domainNames().get(domainName);
	}

	/** Calls {@code listener} with the domains now and after every change. */
	public void addListener(Consumer<DomainNames> listener) {
		this.listeners.add(listener);
		listener.accept(this.domains);
	}

	/**
	 * {@link #resolve(String, String)} of the exchange's request ({@code Host} header and raw path), looked up once
	 * per exchange and kept in {@link ExchangeAttributes#DOMAIN_REQUEST}: the WebSocket handler mapping asks first,
	 * the routes' next.
	 * @return {@code null} when the host is no custom domain
	 */
	public @Nullable DomainRequest resolve(ServerWebExchange exchange) {
		Optional<DomainRequest> known = exchange.getAttribute(ExchangeAttributes.DOMAIN_REQUEST);
		if (known == null) {
			ServerHttpRequest request = exchange.getRequest();
			known = Optional.ofNullable(resolve(request.getHeaders().getFirst(HttpHeaders.HOST),
					request.getURI().getRawPath()));
			exchange.getAttributes().put(ExchangeAttributes.DOMAIN_REQUEST, known);
		}
		return known.orElse(null);
	}

	/**
	 * Resolves a request addressed to a custom domain.
	 * @param host the {@code Host} header, a port allowed
	 * @return {@code null} when the host is no custom domain
	 */
	public @Nullable DomainRequest resolve(@Nullable String host, String rawPath) {
		if (host == null || this.mappingsByHost.isEmpty()) {
			return null;
		}
		String name = hostName(host);
		List<ApiMapping> mappings = this.mappingsByHost.get(name);
		if (mappings == null) {
			return null;
		}
		DomainName domain = this.domains.domainNames().get(name);
		for (ApiMapping mapping : mappings) {
			String key = mapping.apiMappingKey();
			String rest;
			if (key.isEmpty()) {
				rest = rawPath;
			}
			else if (rawPath.startsWith(key, 1) && rawPath.charAt(0) == '/'
					&& (rawPath.length() == key.length() + 1 || rawPath.charAt(key.length() + 1) == '/')) {
				rest = rawPath.substring(key.length() + 1);
			}
			else {
				continue;
			}
			return DomainRequest.mapped(domain, mapping, rest.isEmpty() ? "/" : rest);
		}
		return new DomainRequest(domain, null, null, "/");
	}

	/** The host name of a {@code Host} header: lower case, without the port. */
	static String hostName(String host) {
		int colon = host.lastIndexOf(':');
		String name = (colon > 0 && host.indexOf(']') < colon) ? host.substring(0, colon) : host;
		return name.toLowerCase(Locale.ROOT);
	}

	@Override
	public void start() {
		apply(this.store.load().block(INITIAL_LOAD_TIMEOUT));
		this.changeSubscription = this.store.changes()
			.publishOn(Schedulers.boundedElastic())
			.concatMap((change) -> this.store.load().doOnNext(this::apply).then().onErrorResume((ex) -> {
				logger.error("Could not reload the custom domain names; the current ones stay in use", ex);
				return Mono.empty();
			}))
			.subscribe();
	}

	private synchronized void apply(@Nullable DomainNames loaded) {
		if (loaded == null || loaded.version() == this.domains.version() && loaded.equals(this.domains)) {
			return;
		}
		Map<String, List<ApiMapping>> index = new HashMap<>();
		loaded.domainNames().forEach((name, domain) -> {
			List<ApiMapping> sorted = new ArrayList<>(domain.apiMappings());
			sorted.sort(Comparator.comparingInt((ApiMapping mapping) -> mapping.apiMappingKey().length()).reversed());
			index.put(name, List.copyOf(sorted));
		});
		// Listeners first (certificates, truststores), so requests never see a domain before its TLS is ready.
		this.listeners.forEach((listener) -> listener.accept(loaded));
		this.domains = loaded;
		this.mappingsByHost = Map.copyOf(index);
		logger.info("Serving custom domain names " + loaded.domainNames().keySet());
	}

	@Override
	public void stop() {
		Disposable subscription = this.changeSubscription;
		if (subscription != null) {
			subscription.dispose();
		}
		this.changeSubscription = null;
	}

	@Override
	public boolean isRunning() {
		return this.changeSubscription != null;
	}

	/** With the routes, after definition files are applied. */
	@Override
	public int getPhase() {
		return DefinitionFiles.PHASE + 1;
	}

	/**
	 * A request to a custom domain.
	 *
	 * @param mapping the mapping that serves it; {@code null} when none matches (AWS answers 403)
	 * @param stage the stage, {@code null} when none (no mapping, or a v1 mapping without a stage and no stage in
	 * the path)
	 * @param path the path the API sees: the mapping key (and a stage named in the path) stripped
	 */
	public record DomainRequest(DomainName domain, @Nullable ApiMapping mapping, @Nullable String stage,
			String path) {

		static DomainRequest mapped(DomainName domain, ApiMapping mapping, String rest) {
			if (mapping.stage() != null) {
				return new DomainRequest(domain, mapping, mapping.stage(), rest);
			}
			// A v1 mapping without a stage: the client names it after the base path.
			int start = 1;
			if (rest.length() <= start) {
				return new DomainRequest(domain, mapping, null, rest);
			}
			int end = rest.indexOf('/', start);
			String stage = (end < 0) ? rest.substring(start) : rest.substring(start, end);
			return new DomainRequest(domain, mapping, stage, (end < 0) ? "/" : rest.substring(end));
		}

		/** The matched mapping key as {@code $context.customDomain.basePathMatched} shows it. */
		public @Nullable String basePathMatched() {
			return (this.mapping != null) ? this.mapping.apiMappingKey() : null;
		}

	}

}

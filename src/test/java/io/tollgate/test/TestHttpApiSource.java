package io.tollgate.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.routing.HttpApiSource;
import io.tollgate.store.ApiStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * HTTP APIs held in memory with a change feed, standing in for the v2 API store in gateway tests until that store
 * is part of the gateway.
 */
public final class TestHttpApiSource implements HttpApiSource {

	private final Map<String, ApiV2Definition> apis = new ConcurrentHashMap<>();

	private final Sinks.Many<ApiStore.ApiChange> changes = Sinks.many().multicast().directBestEffort();

	public void save(ApiV2Definition definition) {
		this.apis.put(definition.id(), definition);
		this.changes.tryEmitNext(new ApiStore.ApiChange(definition.id()));
	}

	public void delete(String apiId) {
		this.apis.remove(apiId);
		this.changes.tryEmitNext(new ApiStore.ApiChange(apiId));
	}

	@Override
	public Flux<ApiV2Definition> findAll() {
		return Flux.fromIterable(this.apis.values());
	}

	@Override
	public Mono<ApiV2Definition> find(String apiId) {
		return Mono.justOrEmpty(this.apis.get(apiId));
	}

	@Override
	public Flux<ApiStore.ApiChange> changes() {
		return this.changes.asFlux();
	}

	/** The source as the gateway's. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		TestHttpApiSource testHttpApiSource() {
			return new TestHttpApiSource();
		}

	}

}

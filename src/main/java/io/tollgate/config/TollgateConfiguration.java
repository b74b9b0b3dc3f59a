package io.tollgate.config;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.MutualTlsVerifier;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.response.GatewayResponseFilter;
import io.tollgate.response.GatewayResponseRenderer;
import io.tollgate.routing.ApiRouteLocator;
import io.tollgate.routing.IndexedRoutePredicateHandlerMapping;
import io.tollgate.routing.InvokeRequestWebFilter;
import io.tollgate.pipeline.ExchangeCompletionListener;
import io.tollgate.pipeline.ExchangeCompletionWebFilter;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore;
import io.tollgate.store.ApiStoreBackend;
import io.tollgate.store.CheckedApiStore;
import io.tollgate.store.DefinitionFiles;
import io.tollgate.store.DefinitionServing;
import io.tollgate.store.DefinitionStore;
import io.tollgate.store.DefinitionFormat;
import io.tollgate.store.EmbeddedApiStore;
import io.tollgate.store.RedisApiStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Wires Tollgate into Spring Cloud Gateway: the store (Redis when {@code tollgate.redis.url} is set, embedded
 * otherwise), the routes generated from it with their indexed lookup, and the gateway responses.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TollgateProperties.class, ConnectionLimits.class })
public class TollgateConfiguration {

	private static final Log logger = LogFactory.getLog(TollgateConfiguration.class);

	/** The Redis or embedded store that {@link CheckedApiStore} wraps. */
	static final String STORE_BACKEND = "apiStoreBackend";

	/**
	 * Redis when the shared client exists ({@code tollgate.redis.url}), else memory and JSON files; it holds APIs of
	 * every type.
	 */
	@Bean(name = STORE_BACKEND, destroyMethod = "close")
	ApiStoreBackend apiStoreBackend(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			TollgateProperties properties) {
		SharedRedis client = redis.getIfAvailable();
		if (client != null) {
			logger.info("API definitions are stored in Redis under the prefix '" + redisProperties.keyPrefix() + "'");
			return new RedisApiStore(client, redisProperties.commandTimeout());
		}
		logger.info("No Redis configured: API definitions are stored in " + properties.dataDir().toAbsolutePath());
		return new EmbeddedApiStore(properties.dataDir());
	}

	/**
	 * The store everything else uses: the backend, refusing changes the gateway could not serve and answering a
	 * write once this node serves it.
	 */
	@Bean
	@Primary
	ApiStore apiStore(@Qualifier(STORE_BACKEND) ApiStoreBackend backend, ObjectProvider<ApiRouteLocator> routes) {
		return ApiStore.of(new CheckedApiStore<>(backend, (definition) -> routes.getObject().check(definition),
				(apiId) -> routes.getObject().served(apiId)));
	}

	/**
	 * The HTTP and WebSocket APIs: the same backend, checked and waited for by every data plane that provides a
	 * {@link DefinitionServing} (see its javadoc).
	 */
	@Bean
	DefinitionStore<ApiV2Definition> apiV2Store(@Qualifier(STORE_BACKEND) ApiStoreBackend backend,
			ObjectProvider<DefinitionServing<ApiV2Definition>> serving) {
		// Every data plane serving v2 APIs (HTTP, WebSocket) checks a write and is waited for.
		return new CheckedApiStore<>(backend.v2Apis(),
				(definition) -> serving.orderedStream().forEach((server) -> server.check(definition)),
				(apiId) -> Mono.when(serving.orderedStream().map((server) -> server.served(apiId)).toList()));
	}

	@Bean
	@ConditionalOnProperty(prefix = TollgateProperties.PREFIX, name = "definitions-dir")
	DefinitionFiles definitionFiles(ApiStore store, DefinitionStore<ApiV2Definition> v2Store,
			TollgateProperties properties, ObjectProvider<DefinitionFormat> formats) {
		return new DefinitionFiles(store, v2Store, properties.definitionsDir(), formats.orderedStream().toList());
	}

	@Bean
	MappingTemplateEngine mappingTemplateEngine() {
		return new MappingTemplateEngine();
	}

	@Bean
	ApiRouteLocator apiRouteLocator(ApiStore store, DefinitionStore<ApiV2Definition> apiV2Store,
			ObjectProvider<MethodFilterFactory> filterFactories, ApplicationEventPublisher publisher,
			TollgateProperties properties, MeterRegistry meterRegistry) {
		List<MethodFilterFactory> factories = filterFactories.orderedStream().toList();
		return new ApiRouteLocator(store, apiV2Store, factories, publisher, properties.defaultApi(), meterRegistry);
	}

	/** HTTP APIs the gateway could not serve are refused; v2 writes answer once this node serves them. */
	@Bean
	DefinitionServing<ApiV2Definition> httpApiServing(ObjectProvider<ApiRouteLocator> routes) {
		return new DefinitionServing<>() {

			@Override
			public void check(ApiV2Definition definition) {
				routes.getObject().checkHttpApi(definition);
			}

			@Override
			public Mono<Void> served(String apiId) {
				return routes.getObject().servedHttpApi(apiId);
			}

		};
	}

	/** Replaces Spring Cloud Gateway's linear scan of routes with the indexed lookup. */
	@Bean
	RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler,
			RouteLocator routeLocator, GlobalCorsProperties globalCorsProperties, Environment environment,
			ApiRouteLocator apiRouteLocator, TollgateProperties properties, DomainRegistry domainRegistry,
			MutualTlsVerifier mutualTlsVerifier) {
		return new IndexedRoutePredicateHandlerMapping(webHandler, routeLocator, globalCorsProperties, environment,
				apiRouteLocator, properties.accountId(), domainRegistry, mutualTlsVerifier);
	}

	/** Times every exchange and tells the request meters and the access log how it ended. */
	@Bean
	ExchangeCompletionWebFilter exchangeCompletionWebFilter(ObjectProvider<ExchangeCompletionListener> listeners) {
		return new ExchangeCompletionWebFilter(listeners.orderedStream().toList());
	}

	/** Host checks and path normalisation before a request is routed or authorised. */
	@Bean
	InvokeRequestWebFilter invokeRequestWebFilter() {
		return new InvokeRequestWebFilter();
	}

	@Bean
	GatewayResponseFilter gatewayResponseFilter(MappingTemplateEngine templates) {
		return new GatewayResponseFilter(new GatewayResponseRenderer(templates));
	}

	/**
	 * Read deadlines and the connection cap of the data plane; the actuator's server, built in a child context,
	 * takes this customizer from here too.
	 */
	@Bean
	NettyServerCustomizer connectionLimitsCustomizer(ConnectionLimits limits) {
		return (server) -> limits.applyTo(server, limits.maxConnections());
	}

}

package io.tollgate.config;

import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.admin.AdminAuthentication;
import io.tollgate.admin.AdminRoutes;
import io.tollgate.admin.AdminServer;
import io.tollgate.admin.RestApiHandler;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.response.GatewayResponseFilter;
import io.tollgate.response.GatewayResponseRenderer;
import io.tollgate.routing.ApiRouteLocator;
import io.tollgate.routing.IndexedRoutePredicateHandlerMapping;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.store.ApiStore;
import io.tollgate.store.CheckedApiStore;
import io.tollgate.store.DefinitionFiles;
import io.tollgate.store.DefinitionFormat;
import io.tollgate.store.EmbeddedApiStore;
import io.tollgate.store.RedisApiStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
 * otherwise), the routes generated from it with their indexed lookup, and the pipeline's filters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TollgateProperties.class)
public class TollgateConfiguration {

	private static final Log logger = LogFactory.getLog(TollgateConfiguration.class);

	/** The Redis or embedded store that {@link CheckedApiStore} wraps. */
	static final String STORE_BACKEND = "apiStoreBackend";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("'${tollgate.redis.url:}' != ''")
	static class RedisStoreConfiguration {

		/** Lettuce's resources, timing every Redis command into Micrometer ({@code lettuce.command.*}). */
		@Bean(destroyMethod = "shutdown")
		ClientResources tollgateRedisClientResources(MeterRegistry meterRegistry) {
			return ClientResources.builder()
				// Count, sum and max per command type: a histogram per command type would add thousands of series.
				.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meterRegistry, MicrometerOptions.create()))
				.build();
		}

		@Bean(destroyMethod = "shutdown")
		RedisClient tollgateRedisClient(TollgateProperties properties, ClientResources tollgateRedisClientResources) {
			RedisClient client = RedisClient.create(tollgateRedisClientResources, properties.redis().url());
			client.setOptions(ClientOptions.builder()
				.timeoutOptions(TimeoutOptions.enabled(properties.redis().commandTimeout()))
				.build());
			return client;
		}

		@Bean(name = STORE_BACKEND, destroyMethod = "close")
		ApiStore redisApiStore(RedisClient tollgateRedisClient, TollgateProperties properties) {
			logger.info("API definitions are stored in Redis under the prefix '" + properties.redis().keyPrefix() + "'");
			return new RedisApiStore(tollgateRedisClient, properties.redis().keyPrefix(),
					properties.redis().commandTimeout());
		}

	}

	@Bean(name = STORE_BACKEND, destroyMethod = "close")
	@ConditionalOnExpression("'${tollgate.redis.url:}' == ''")
	ApiStore embeddedApiStore(TollgateProperties properties) {
		logger.info("No Redis configured: API definitions are stored in " + properties.dataDir().toAbsolutePath());
		return new EmbeddedApiStore(properties.dataDir());
	}

	/** The store everything else uses: the backend, refusing changes the gateway could not serve. */
	@Bean
	@Primary
	ApiStore apiStore(@Qualifier(STORE_BACKEND) ApiStore backend, ObjectProvider<ApiRouteLocator> routes) {
		return new CheckedApiStore(backend, (definition) -> routes.getObject().check(definition));
	}

	@Bean
	@ConditionalOnProperty(prefix = TollgateProperties.PREFIX, name = "definitions-dir")
	DefinitionFiles definitionFiles(ApiStore store, TollgateProperties properties,
			ObjectProvider<DefinitionFormat> formats) {
		return new DefinitionFiles(store, properties.definitionsDir(), formats.orderedStream().toList());
	}

	@Bean
	MappingTemplateEngine mappingTemplateEngine() {
		return new MappingTemplateEngine();
	}

	@Bean
	ApiRouteLocator apiRouteLocator(ApiStore store, ObjectProvider<MethodFilterFactory> filterFactories,
			ApplicationEventPublisher publisher, TollgateProperties properties, MeterRegistry meterRegistry) {
		List<MethodFilterFactory> factories = filterFactories.orderedStream().toList();
		return new ApiRouteLocator(store, factories, publisher, properties.defaultApi(), meterRegistry);
	}

	/** Replaces Spring Cloud Gateway's linear scan of routes with the indexed lookup. */
	@Bean
	RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler,
			RouteLocator routeLocator, GlobalCorsProperties globalCorsProperties, Environment environment,
			ApiRouteLocator apiRouteLocator, TollgateProperties properties) {
		return new IndexedRoutePredicateHandlerMapping(webHandler, routeLocator, globalCorsProperties, environment,
				apiRouteLocator, properties.accountId());
	}

	@Bean
	GatewayResponseFilter gatewayResponseFilter(MappingTemplateEngine templates) {
		return new GatewayResponseFilter(new GatewayResponseRenderer(templates));
	}

	@Bean
	@ConditionalOnExpression("${tollgate.admin.port:8081} >= 0")
	AdminServer adminServer(ObjectProvider<AdminRoutes> routes, TollgateProperties properties) {
		return new AdminServer(properties.admin().port(), routes.orderedStream().toList(),
				new AdminAuthentication(properties.admin(), properties.region()));
	}

	@Bean
	RestApiHandler restApiHandler(ApiStore store) {
		return new RestApiHandler(store);
	}

}

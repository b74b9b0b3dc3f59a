package io.tollgate.websocket;

import java.time.Clock;

import io.tollgate.auth.AuthProperties;
import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.config.TollgateProperties;
import io.tollgate.domain.DomainRegistry;
import io.tollgate.domain.MutualTlsVerifier;
import io.tollgate.function.FunctionInvoker;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.logging.AccessLog;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.usage.ApiKeyIndex;
import io.tollgate.usage.RouteThrottles;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import io.tollgate.store.DefinitionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wires WebSocket APIs into the data plane: the connection registry (Redis when {@code tollgate.redis.url} is set,
 * in-process otherwise), the handler mapping ahead of the gateway's routes, and the limits' sweeper.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSocketProperties.class)
public class WebSocketConfiguration {

	private static final Log logger = LogFactory.getLog(WebSocketConfiguration.class);

	/** Redis: closed after the sweeper (which depends on it) closed the connections, giving up the lease. */
	@Bean
	ConnectionRegistry connectionRegistry(ObjectProvider<SharedRedis> redis, RedisProperties redisProperties,
			WebSocketProperties properties) {
		SharedRedis client = redis.getIfAvailable();
		if (client == null) {
			return new EmbeddedConnectionRegistry();
		}
		RedisConnectionRegistry registry = new RedisConnectionRegistry(client, redisProperties.commandTimeout(),
				properties.replicaLease(), properties.maxConnectionDuration());
		logger.info("WebSocket connections are registered in Redis; this replica is " + registry.replicaId());
		return registry;
	}

	/** Closes the replica's connections (1001) when it stops, before the registry gives up its lease. */
	@Bean
	ConnectionSweeper connectionSweeper(ConnectionRegistry registry, WebSocketProperties properties) {
		return new ConnectionSweeper(registry, properties);
	}

	@Bean
	ConnectAuthorizations connectAuthorizations(ObjectProvider<FunctionInvoker> functions,
			ObjectProvider<ApiKeyIndex> keys, IamIdentities identities, AuthProperties auth,
			TollgateProperties tollgate) {
		return new ConnectAuthorizations(SingletonSupplier.of(functions::getObject), SingletonSupplier.of(keys::getObject),
				verifier(identities, auth, tollgate), identities, tollgate.region(), tollgate.accountId(),
				auth.lambdaTimeout(), Clock.systemUTC());
	}

	private static SigV4Verifier verifier(IamIdentities identities, AuthProperties auth, TollgateProperties tollgate) {
		return new SigV4Verifier("execute-api", tollgate.region(), identities::secretAccessKey, Clock.systemUTC(),
				auth.maxClockSkew(), auth.unsignedPayloadOverHttp());
	}

	@Bean
	WebSocketApiCompiler webSocketApiCompiler(ObjectProvider<FunctionInvoker> functions,
			MappingTemplateEngine templates, HttpClient gatewayHttpClient, ConnectAuthorizations authorizations,
			RouteThrottles throttles, WebSocketProperties properties) {
		return new WebSocketApiCompiler(SingletonSupplier.of(functions::getObject), templates, gatewayHttpClient,
				authorizations, throttles, properties.messageBytes());
	}

	@Bean
	WebSocketStageTable webSocketStages(WebSocketApiCompiler compiler) {
		return new WebSocketStageTable(compiler);
	}

	/** The stored WebSocket APIs, compiled into the table as they change. */
	@Bean
	WebSocketApiLoader webSocketApiLoader(DefinitionStore<ApiV2Definition> apiV2Store, WebSocketStageTable stages,
			WebSocketApiCompiler compiler) {
		return new WebSocketApiLoader(apiV2Store, stages, compiler);
	}

	@Bean
	WebSocketHandlerMapping webSocketHandlerMapping(WebSocketStages stages, ConnectionRegistry registry,
			WebSocketProperties properties, IamIdentities identities, AuthProperties auth,
			TollgateProperties tollgate, MeterRegistry meterRegistry, ObjectProvider<AccessLog> accessLog,
			DomainRegistry domains, MutualTlsVerifier mutualTls) {
		WebSocketObserver observer = new WebSocketTelemetry(meterRegistry, stages, registry,
				accessLog.getIfAvailable());
		ConnectionSession sessions = new ConnectionSession(registry, stages, properties, observer);
		SigV4Verifier verifier = verifier(identities, auth, tollgate);
		return new WebSocketHandlerMapping(stages, new ConnectHandler(sessions, properties, observer),
				new ConnectionsApiHandler(registry, verifier, identities, tollgate.region(), tollgate.accountId(),
						properties.messageBytes()),
				domains, mutualTls, tollgate.defaultApi());
	}

}

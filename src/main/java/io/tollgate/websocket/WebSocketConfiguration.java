package io.tollgate.websocket;

import java.time.Clock;

import io.tollgate.auth.AuthProperties;
import io.tollgate.auth.sigv4.IamIdentities;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.config.TollgateProperties;
import io.tollgate.function.FunctionInvoker;
import io.tollgate.mapping.MappingTemplateEngine;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
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
	ConnectAuthorizations connectAuthorizations() {
		return new ConnectAuthorizations();
	}

	@Bean
	WebSocketStageTable webSocketStages(ObjectProvider<FunctionInvoker> functions, MappingTemplateEngine templates,
			HttpClient gatewayHttpClient, ConnectAuthorizations authorizations, WebSocketProperties properties) {
		return new WebSocketStageTable(new WebSocketApiCompiler(SingletonSupplier.of(functions::getObject), templates,
				gatewayHttpClient, authorizations, properties.messageBytes()));
	}

	@Bean
	WebSocketHandlerMapping webSocketHandlerMapping(WebSocketStages stages, ConnectionRegistry registry,
			WebSocketProperties properties, IamIdentities identities, AuthProperties auth,
			TollgateProperties tollgate) {
		WebSocketObserver observer = WebSocketObserver.NONE;
		ConnectionSession sessions = new ConnectionSession(registry, stages, properties, observer);
		SigV4Verifier verifier = new SigV4Verifier("execute-api", tollgate.region(), identities::secretAccessKey,
				Clock.systemUTC(), auth.maxClockSkew(), auth.unsignedPayloadOverHttp());
		return new WebSocketHandlerMapping(stages, new ConnectHandler(sessions, properties, observer),
				new ConnectionsApiHandler(registry, verifier, identities, tollgate.region(), tollgate.accountId(),
						properties.messageBytes()),
				tollgate.defaultApi());
	}

}

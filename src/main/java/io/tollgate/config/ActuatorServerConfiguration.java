package io.tollgate.config;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's own server ({@code management.server.port}), built in a child context from a bare factory that
 * the data plane's customizers never reach: the same read deadlines and connection cap ({@link ConnectionLimits}).
 * Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}; kept out of component scanning.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ActuatorServerConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> actuatorConnectionLimits(ConnectionLimits limits) {
		return (factory) -> factory.addServerCustomizers((server) -> limits.applyTo(server, limits.maxConnections()));
	}

}

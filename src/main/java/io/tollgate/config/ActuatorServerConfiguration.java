package io.tollgate.config;

import reactor.netty.resources.LoopResources;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's own server ({@code management.server.port}), built in a child context from a bare factory that
 * the data plane's customizers never reach: the same read deadlines and connection cap ({@link ConnectionLimits}),
 * on event loops of its own.
 * Listed in {@code META-INF/spring/...ManagementContextConfiguration.imports}; kept out of component scanning.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ActuatorServerConfiguration {

	/**
	 * Event loops of its own, as the management API has: Reactor Netty's shared loops, which the bare factory would
	 * use, are disposed by any other application closing in the same JVM, and the actuator went deaf with them.
	 */
	@Bean(destroyMethod = "dispose")
	LoopResources actuatorLoops() {
		return LoopResources.create("tollgate-actuator", 1, true);
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> actuatorConnectionLimits(ConnectionLimits limits,
			LoopResources actuatorLoops) {
		return (factory) -> factory.addServerCustomizers(
				(server) -> limits.applyTo(server.runOn(actuatorLoops), limits.maxConnections()));
	}

}

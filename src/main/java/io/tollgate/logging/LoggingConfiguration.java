package io.tollgate.logging;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stage access logs: the step of each route and the writer behind them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessLogProperties.class)
public class LoggingConfiguration {

	@Bean(destroyMethod = "close")
	AccessLog accessLog(AccessLogProperties properties, MeterRegistry meterRegistry) {
		return new AccessLog(properties, meterRegistry);
	}

	@Bean
	AccessLogFilterFactory accessLogFilterFactory() {
		return new AccessLogFilterFactory();
	}

	@Bean
	AccessLogWriter accessLogWriter(AccessLog accessLog) {
		return new AccessLogWriter(accessLog);
	}

}

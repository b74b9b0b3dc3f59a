package io.tollgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** API Gateway's CloudWatch metrics on Micrometer: each route's meters and the whole-request timing. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

	@Bean
	MethodMetricsFilterFactory methodMetricsFilterFactory(MeterRegistry meterRegistry) {
		return new MethodMetricsFilterFactory(meterRegistry);
	}

	@Bean
	RequestMeters requestMeters() {
		return new RequestMeters();
	}

}

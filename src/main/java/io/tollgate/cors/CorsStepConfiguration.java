package io.tollgate.cors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the CORS step of HTTP API routes. */
@Configuration(proxyBeanMethods = false)
public class CorsStepConfiguration {

	@Bean
	CorsFilterFactory corsFilterFactory() {
		return new CorsFilterFactory();
	}

}

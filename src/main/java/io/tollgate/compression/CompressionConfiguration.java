package io.tollgate.compression;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires response compression into every generated route. */
@Configuration(proxyBeanMethods = false)
public class CompressionConfiguration {

	@Bean
	ResponseCompressionFilterFactory responseCompressionFilterFactory() {
		return new ResponseCompressionFilterFactory();
	}

}

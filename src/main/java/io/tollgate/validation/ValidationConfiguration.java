package io.tollgate.validation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the request-validation step into every generated route. */
@Configuration(proxyBeanMethods = false)
public class ValidationConfiguration {

	@Bean
	RequestValidationFilterFactory requestValidationFilterFactory() {
		return new RequestValidationFilterFactory();
	}

}

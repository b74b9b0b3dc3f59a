package io.tollgate.admin;

import io.tollgate.store.ApiStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The management operations on an API's components: authorizers, request validators, models, gateway responses. */
@Configuration(proxyBeanMethods = false)
class ComponentsAdminConfiguration {

	@Bean
	AuthorizerHandler authorizerHandler(ApiStore store) {
		return new AuthorizerHandler(store);
	}

	@Bean
	RequestValidatorHandler requestValidatorHandler(ApiStore store) {
		return new RequestValidatorHandler(store);
	}

	@Bean
	ModelHandler modelHandler(ApiStore store) {
		return new ModelHandler(store);
	}

	@Bean
	GatewayResponseHandler gatewayResponseHandler(ApiStore store) {
		return new GatewayResponseHandler(store);
	}

}

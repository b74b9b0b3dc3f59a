package io.tollgate.admin;

import io.tollgate.config.TollgateProperties;
import io.tollgate.routing.ApiRouteLocator;
import io.tollgate.store.ApiStore;

import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The management operations on an API's resources, methods, integrations and their responses. */
@Configuration(proxyBeanMethods = false)
public class ResourceAdminConfiguration {

	@Bean
	ResourceHandler resourceHandler(ApiStore store) {
		return new ResourceHandler(store);
	}

	@Bean
	MethodHandler methodHandler(ApiStore store) {
		return new MethodHandler(store);
	}

	@Bean
	MethodResponseHandler methodResponseHandler(ApiStore store) {
		return new MethodResponseHandler(store);
	}

	@Bean
	IntegrationHandler integrationHandler(ApiStore store) {
		return new IntegrationHandler(store);
	}

	@Bean
	TestInvokeHandler testInvokeHandler(ApiStore store, ApiRouteLocator routes, FilteringWebHandler pipeline,
			TollgateProperties properties) {
		return new TestInvokeHandler(store, routes, pipeline, properties.accountId());
	}

	@Bean
	IntegrationResponseHandler integrationResponseHandler(ApiStore store) {
		return new IntegrationResponseHandler(store);
	}

}

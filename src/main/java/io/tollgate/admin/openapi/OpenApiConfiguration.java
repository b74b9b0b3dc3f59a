package io.tollgate.admin.openapi;

import io.tollgate.config.TollgateProperties;
import io.tollgate.store.ApiStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contributes the OpenAPI import and export operations to the management API. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	@Bean
	OpenApiHandler openApiHandler(ApiStore store, TollgateProperties properties) {
		return new OpenApiHandler(store, properties.region());
	}

	/** Definition files may be OpenAPI documents, as AWS's get-export writes them. */
	@Bean
	OpenApiDefinitionFormat openApiDefinitionFormat() {
		return new OpenApiDefinitionFormat();
	}

}

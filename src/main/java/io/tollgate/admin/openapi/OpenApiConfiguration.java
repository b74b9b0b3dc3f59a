package io.tollgate.admin.openapi;

import io.tollgate.config.TollgateProperties;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contributes the OpenAPI import and export operations, of REST APIs and of HTTP APIs, to the management API. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	@Bean
	OpenApiHandler openApiHandler(ApiStore store, TollgateProperties properties) {
		return new OpenApiHandler(store, properties.region());
	}

	@Bean
	HttpApiOpenApiHandler httpApiOpenApiHandler(DefinitionStore<ApiV2Definition> store, TollgateProperties properties) {
		return new HttpApiOpenApiHandler(store, properties.region());
	}

	/** Definition files may be OpenAPI documents, as AWS's get-export writes them. */
	@Bean
	OpenApiDefinitionFormat openApiDefinitionFormat() {
		return new OpenApiDefinitionFormat();
	}

}

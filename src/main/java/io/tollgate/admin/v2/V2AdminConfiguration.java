package io.tollgate.admin.v2;

import io.tollgate.config.TollgateProperties;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.DefinitionStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contributes the HTTP and WebSocket API operations ({@code /v2/apis/...}) to the management server. */
@Configuration(proxyBeanMethods = false)
public class V2AdminConfiguration {

	@Bean
	ApiV2Handler apiV2Handler(DefinitionStore<ApiV2Definition> store, TollgateProperties properties) {
		return new ApiV2Handler(store, properties.region());
	}

	@Bean
	RouteV2Handler routeV2Handler(DefinitionStore<ApiV2Definition> store) {
		return new RouteV2Handler(store);
	}

	@Bean
	IntegrationV2Handler integrationV2Handler(DefinitionStore<ApiV2Definition> store) {
		return new IntegrationV2Handler(store);
	}

	@Bean
	AuthorizerV2Handler authorizerV2Handler(DefinitionStore<ApiV2Definition> store) {
		return new AuthorizerV2Handler(store);
	}

	@Bean
	TagsV2Handler tagsV2Handler(DefinitionStore<ApiV2Definition> store) {
		return new TagsV2Handler(store);
	}

	@Bean
	StageV2Handler stageV2Handler(DefinitionStore<ApiV2Definition> store) {
		return new StageV2Handler(store);
	}

}

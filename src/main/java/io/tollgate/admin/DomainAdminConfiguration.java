package io.tollgate.admin;

import io.tollgate.admin.v2.DomainNameV2Handler;
import io.tollgate.config.TollgateProperties;
import io.tollgate.domain.DomainStore;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore;
import io.tollgate.store.DefinitionStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contributes the custom domain operations, v1 ({@code /domainnames}) and v2 ({@code /v2/domainnames}). */
@Configuration(proxyBeanMethods = false)
public class DomainAdminConfiguration {

	@Bean
	ApiMappingTargets apiMappingTargets(ApiStore store, DefinitionStore<ApiV2Definition> v2Store) {
		return ApiMappingTargets.restApis(store).or(ApiMappingTargets.v2Apis(v2Store));
	}

	@Bean
	DomainNameHandler domainNameHandler(DomainStore domainStore, ApiMappingTargets apiMappingTargets,
			TollgateProperties properties) {
		return new DomainNameHandler(domainStore, apiMappingTargets, properties);
	}

	@Bean
	DomainNameV2Handler domainNameV2Handler(DomainStore domainStore, ApiMappingTargets apiMappingTargets,
			TollgateProperties properties) {
		return new DomainNameV2Handler(domainStore, apiMappingTargets, new DomainEndpoints(properties.region()));
	}

}

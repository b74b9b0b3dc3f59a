package io.tollgate.admin;

import io.tollgate.auth.lambda.AuthorizerResultCache;
import io.tollgate.cache.ResponseCache;
import io.tollgate.store.ApiStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Contributes the management API's deployment and stage operations to the {@link AdminServer}. */
@Configuration(proxyBeanMethods = false)
public class StageAdminConfiguration {

	@Bean
	DeploymentHandler deploymentHandler(ApiStore store) {
		return new DeploymentHandler(store);
	}

	@Bean
	StageHandler stageHandler(ApiStore store, ObjectProvider<ResponseCache> responseCache,
			ObjectProvider<AuthorizerResultCache> authorizerResultCache) {
		StageHandler handler = new StageHandler(store, responseCache.getIfAvailable());
		handler.setAuthorizerResultCache(authorizerResultCache.getIfAvailable());
		return handler;
	}

}

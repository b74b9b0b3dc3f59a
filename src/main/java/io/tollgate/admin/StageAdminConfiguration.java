package io.tollgate.admin;

import io.tollgate.store.ApiStore;

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
	StageHandler stageHandler(ApiStore store) {
		return new StageHandler(store);
	}

}

package io.tollgate.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.model.Deployment;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A deployment as AWS's management API writes it: {@code id}, {@code description} and {@code createdDate}, with
 * the {@code apiSummary} of its methods only when asked for ({@code embed=apisummary}). The snapshot the deployment
 * serves stays internal.
 */
record DeploymentRepresentation(String id, @Nullable String description, Instant createdDate,
		@Nullable Map<String, Map<String, MethodSnapshot>> apiSummary) {

	static DeploymentRepresentation of(Deployment deployment) {
		return new DeploymentRepresentation(deployment.id(), deployment.description(), deployment.createdDate(),
				null);
	}

	/** With the summary AWS embeds: resource path to verb to the method's authorization. */
	static DeploymentRepresentation withApiSummary(Deployment deployment) {
		Map<String, Map<String, MethodSnapshot>> summary = new LinkedHashMap<>();
		for (Resource resource : deployment.resources()) {
			if (resource.resourceMethods().isEmpty()) {
				continue;
			}
			Map<String, MethodSnapshot> methods = new LinkedHashMap<>();
			for (Method method : resource.resourceMethods().values()) {
				methods.put(method.httpMethod(),
						new MethodSnapshot(method.authorizationType().name(), method.apiKeyRequired()));
			}
			summary.put(resource.path(), methods);
		}
		return new DeploymentRepresentation(deployment.id(), deployment.description(), deployment.createdDate(),
				summary);
	}

	/** AWS's {@code MethodSnapshot}. */
	record MethodSnapshot(String authorizationType, boolean apiKeyRequired) {
	}

}

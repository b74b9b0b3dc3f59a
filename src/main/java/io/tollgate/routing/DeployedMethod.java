package io.tollgate.routing;

import java.util.Map;

import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;

import org.jspecify.annotations.Nullable;

/**
 * One method as a stage serves it: the deployment's frozen method and API settings, the stage it is served in,
 * and the stage's method setting that applies to it. The per-method configuration every pipeline filter is
 * built from, once per deployment.
 *
 * @param canary whether this is the method of the stage's canary deployment
 * @param methodSetting the stage's setting for this method, falling back to {@code *}{@code /*}
 */
public record DeployedMethod(RestApi api, String stageName, String deploymentId, boolean canary, Resource resource,
		Method method, Integration integration, @Nullable MethodSetting methodSetting) {

	/** A readable, unique route id: api, stage, (canary,) verb and resource path. */
	public String routeId() {
		return this.api.id() + ":" + this.stageName + (this.canary ? ":canary" : "") + ":" + this.method.httpMethod()
				+ ":" + this.resource.path();
	}

	static @Nullable MethodSetting settingFor(Map<String, MethodSetting> settings, Resource resource,
			Method method) {
		MethodSetting specific = settings.get(MethodSetting.keyFor(resource.path(), method.httpMethod()));
		return (specific != null) ? specific : settings.get(MethodSetting.ALL_METHODS);
	}

}

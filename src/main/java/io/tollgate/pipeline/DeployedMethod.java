package io.tollgate.pipeline;

import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;

import org.jspecify.annotations.Nullable;

/**
 * One method as a stage serves it: the deployment's frozen method and API settings, the stage it is served in,
 * and the stage's method setting that applies to it. The per-method configuration every pipeline filter is
 * built from, once per deployment.
 *
 * @param canary whether this is the method of the stage's canary deployment
 * @param methodSetting the stage's setting for this method, falling back to {@code *}{@code /*}
 * @param components the deployment's frozen components (authorizers, request validators, models, gateway responses)
 * @param stage the stage serving the method (cache cluster, all method settings); {@code null} for TestInvokeMethod
 */
public record DeployedMethod(RestApi api, String stageName, String deploymentId, boolean canary, Resource resource,
		Method method, Integration integration, @Nullable MethodSetting methodSetting, ApiComponents components,
		@Nullable Stage stage) {

	/** A method of a deployment outside any stage's settings (TestInvokeMethod, tests). */
	public DeployedMethod(RestApi api, String stageName, String deploymentId, boolean canary, Resource resource,
			Method method, Integration integration, @Nullable MethodSetting methodSetting, ApiComponents components) {
		this(api, stageName, deploymentId, canary, resource, method, integration, methodSetting, components, null);
	}

	/** A method of a deployment without components. */
	public DeployedMethod(RestApi api, String stageName, String deploymentId, boolean canary, Resource resource,
			Method method, Integration integration, @Nullable MethodSetting methodSetting) {
		this(api, stageName, deploymentId, canary, resource, method, integration, methodSetting, ApiComponents.EMPTY);
	}

	/**
	 * A method as {@code stage} serves it, with the stage's setting for it: the method's own
	 * ({@code {path}/{VERB}}), each unset field taken from the stage-wide {@code *}{@code /*} one.
	 */
	public static DeployedMethod inStage(RestApi api, String deploymentId, boolean canary, Resource resource,
			Method method, ApiComponents components, Stage stage) {
		return new DeployedMethod(api, stage.stageName(), deploymentId, canary, resource, method,
				method.methodIntegration(), settingFor(stage.methodSettings(), resource, method), components, stage);
	}

	/** A readable, unique route id: api, stage, (canary,) verb and resource path. */
	public String routeId() {
		return this.api.id() + ":" + this.stageName + (this.canary ? ":canary" : "") + ":" + this.method.httpMethod()
				+ ":" + this.resource.path();
	}

	private static @Nullable MethodSetting settingFor(Map<String, MethodSetting> settings, Resource resource,
			Method method) {
		MethodSetting specific = settings.get(MethodSetting.keyFor(resource.path(), method.httpMethod()));
		MethodSetting all = settings.get(MethodSetting.ALL_METHODS);
		return (specific != null) ? specific.inheriting(all) : all;
	}

}

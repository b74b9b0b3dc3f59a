package io.tollgate.test;

import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;

/** Fixtures: APIs, methods and integrations built with the model, for tests. */
public final class TestApis {

	private TestApis() {
	}

	/** A MOCK integration answering 200 with the given JSON response template. */
	public static Integration mock(String responseTemplate) {
		return new Integration(IntegrationType.MOCK, null, null, null, null, null,
				Map.of("application/json", "{\"statusCode\": 200}"), null, null, null, null, null,
				Map.of("200", new IntegrationResponse("200", null, null,
						Map.of("application/json", responseTemplate), null)));
	}

	public static Integration httpProxy(String verb, String uri, Integer timeoutInMillis,
			Map<String, String> requestParameters) {
		return new Integration(IntegrationType.HTTP_PROXY, verb, uri, null, null, requestParameters, null, null,
				null, timeoutInMillis, null, null, null);
	}

	public static Method method(String verb, Integration integration) {
		return new Method(verb, AuthorizationType.NONE, null, false, null, null, null, null, null, null,
				integration);
	}

	/** A new API with nothing but its root resource. */
	public static ApiDefinition api(String id) {
		return ApiDefinition.create(RestApi.named(id, id + " API"));
	}

	/** Adds a resource path (creating missing parents) and a method on it. */
	public static ApiDefinition withMethod(ApiDefinition api, String path, Method method) {
		ApiDefinition result = api;
		Resource parent = result.rootResource();
		if (!path.equals("/")) {
			String current = "";
			for (String part : path.substring(1).split("/")) {
				current = current + "/" + part;
				String childPath = current;
				Resource existing = result.resourceByPath(childPath).orElse(null);
				if (existing == null) {
					result = result.withResource(parent.id(), part, null);
					existing = result.resourceByPath(childPath).orElseThrow();
				}
				parent = existing;
			}
		}
		return result.withMethod(parent.id(), method);
	}

	/** Deploys the API's current resources and points the stage at the new deployment. */
	public static ApiDefinition deploy(ApiDefinition api, String deploymentId, String stageName,
			Map<String, String> variables) {
		ApiDefinition deployed = api.withDeployment(deploymentId, null);
		Stage existing = deployed.stages().get(stageName);
		Stage stage = (existing != null) ? existing.withDeployment(deploymentId)
				: Stage.of(stageName, deploymentId, variables);
		return deployed.withStage(stage);
	}

}

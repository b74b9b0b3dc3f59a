package io.tollgate.admin;

import java.time.Duration;
import java.util.Map;

import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

import org.springframework.cloud.gateway.route.RouteLocator;

/**
 * Fixtures of the resource, method and integration tests: APIs built through the AWS SDK only, and a deployment
 * made through the store (the deployment and stage operations are not under test here).
 */
final class ResourceAdminFixtures {

	static final String STAGE = "prod";

	private ResourceAdminFixtures() {
	}

	/** An API's id and the resource a fixture made on it. */
	record BuiltApi(String apiId, String resourceId) {
	}

	/**
	 * Creates an API with {@code GET /{pathPart}} answered by a MOCK integration: request template
	 * {@code {"statusCode": 200}}, method response 200 and an integration response rendering
	 * {@code responseTemplate}.
	 */
	static BuiltApi mockApi(ApiGatewayClient apiGateway, String pathPart, String responseTemplate) {
		String apiId = apiGateway.createRestApi((r) -> r.name("mock " + pathPart)).id();
		String rootId = apiGateway.getResources((r) -> r.restApiId(apiId)).items().get(0).id();
		String resourceId = apiGateway
			.createResource((r) -> r.restApiId(apiId).parentId(rootId).pathPart(pathPart))
			.id();
		addMockMethod(apiGateway, apiId, resourceId, "GET", responseTemplate);
		return new BuiltApi(apiId, resourceId);
	}

	/** Puts a verb on a resource answered by a MOCK integration with the given response template. */
	static void addMockMethod(ApiGatewayClient apiGateway, String apiId, String resourceId, String verb,
			String responseTemplate) {
		apiGateway.putMethod((r) -> r.restApiId(apiId)
			.resourceId(resourceId)
			.httpMethod(verb)
			.authorizationType("NONE"));
		apiGateway.putMethodResponse(
				(r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod(verb).statusCode("200"));
		apiGateway.putIntegration((r) -> r.restApiId(apiId)
			.resourceId(resourceId)
			.httpMethod(verb)
			.type(IntegrationType.MOCK)
			.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
		apiGateway.putIntegrationResponse((r) -> r.restApiId(apiId)
			.resourceId(resourceId)
			.httpMethod(verb)
			.statusCode("200")
			.responseTemplates(Map.of("application/json", responseTemplate)));
	}

	/**
	 * Deploys the API's current resources as {@code deploymentId}, points stage {@value #STAGE} at it and waits
	 * until the gateway serves that deployment.
	 */
	static void deploy(ApiStore store, RouteLocator routeLocator, String apiId, String deploymentId) {
		store.update(apiId, (api) -> api.withDeployment(deploymentId, null)
			.withStage(Stage.of(STAGE, deploymentId, Map.of()))).block();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> routeLocator.getRoutes()
				.any((route) -> apiId.equals(route.getMetadata().get("apiId"))
						&& STAGE.equals(route.getMetadata().get("stage"))
						&& deploymentId.equals(route.getMetadata().get("deploymentId")))
				.block());
	}

	/** The data-plane path of a resource path on stage {@value #STAGE}. */
	static String invokePath(String apiId, String resourcePath) {
		return "/restapis/" + apiId + "/" + STAGE + "/_user_request_" + resourcePath;
	}

}

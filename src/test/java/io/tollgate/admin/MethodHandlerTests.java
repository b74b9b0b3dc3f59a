package io.tollgate.admin;

import java.util.Map;

import io.tollgate.admin.ResourceAdminFixtures.BuiltApi;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.RequestValidator;
import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PutMethodResponse;
import software.amazon.awssdk.services.apigateway.model.UpdateMethodResponse;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.admin.ResourceAdminFixtures.deploy;
import static io.tollgate.admin.ResourceAdminFixtures.invokePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodHandlerTests extends BaseAdminTests {

	private String apiId;

	private String resourceId;

	@BeforeEach
	void createResource() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("methods")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
		this.resourceId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(rootId).pathPart("orders"))
			.id();
	}

	private PutMethodResponse putGet() {
		return this.apiGateway.putMethod((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.authorizationType("NONE"));
	}

	/** Adds an authorizer and a request validator to the API, as their own operations would. */
	private void addAuthorizerAndValidator() {
		this.store.update(this.apiId, (api) -> api.withComponents(new ApiComponents(
				Map.of("auth000001", new Authorizer("auth000001", "tokens", AuthorizerType.TOKEN, null, null,
						"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations", null,
						"method.request.header.Authorization", null, null)),
				Map.of("valid00001", new RequestValidator("valid00001", "params", false, true)),
				api.components().models(), api.components().gatewayResponses())))
			.block();
	}

	@Nested
	class Put {

		@Test
		void putMethodAnswersCreatedWithTheMethod() {
			PutMethodResponse put = apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("POST")
				.authorizationType("NONE")
				.apiKeyRequired(true)
				.operationName("CreateOrder")
				.requestParameters(Map.of("method.request.header.X-Trace", true,
						"method.request.querystring.dryRun", false))
				.requestModels(Map.of("application/json", "Empty")));
			assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
			assertThat(put.httpMethod()).isEqualTo("POST");
			assertThat(put.authorizationType()).isEqualTo("NONE");
			assertThat(put.apiKeyRequired()).isTrue();
			assertThat(put.operationName()).isEqualTo("CreateOrder");
			assertThat(put.requestParameters()).containsEntry("method.request.header.X-Trace", true)
				.containsEntry("method.request.querystring.dryRun", false);
			assertThat(put.requestModels()).containsEntry("application/json", "Empty");
			assertThat(put.methodIntegration()).isNull();
		}

		@Test
		void authorizationTypeIsReadInAnyCaseAsOnAws() {
			PutMethodResponse put = apiGateway.putMethod(
					(r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("POST").authorizationType("none"));
			assertThat(put.authorizationType()).isEqualTo("NONE");
		}

		@Test
		void putMethodWithoutOptionsDefaultsAsAws() {
			PutMethodResponse put = putGet();
			assertThat(put.apiKeyRequired()).isFalse();
			assertThat(put.authorizerId()).isNull();
			assertThat(put.hasRequestParameters()).isFalse();
		}

		@Test
		void putMethodTwiceIsAConflict() {
			putGet();
			assertThatThrownBy(MethodHandlerTests.this::putGet).isInstanceOf(ConflictException.class)
				.hasMessageContaining("Method already exists for this resource");
		}

		@Test
		void putMethodWithAnInvalidVerbIsBadRequest() {
			assertThatThrownBy(() -> apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("FETCH")
				.authorizationType("NONE")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,"
						+ "OPTIONS,HEAD,ANY");
		}

		@Test
		void putMethodWithoutAuthorizationTypeIsBadRequest() {
			assertThatThrownBy(() -> apiGateway
				.putMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("authorizationType");
		}

		@Test
		void customAuthorizationWithoutAValidAuthorizerIsBadRequest() {
			assertThatThrownBy(() -> apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.authorizationType("CUSTOM")
				.authorizerId("nosuchauth")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid authorizer ID specified");
		}

		@Test
		void customAuthorizationWithAnAuthorizerOfTheApi() {
			addAuthorizerAndValidator();
			PutMethodResponse put = apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.authorizationType("CUSTOM")
				.authorizerId("auth000001")
				.requestValidatorId("valid00001"));
			assertThat(put.authorizationType()).isEqualTo("CUSTOM");
			assertThat(put.authorizerId()).isEqualTo("auth000001");
			assertThat(put.requestValidatorId()).isEqualTo("valid00001");
		}

		@Test
		void unknownRequestValidatorOrModelIsBadRequest() {
			assertThatThrownBy(() -> apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.authorizationType("NONE")
				.requestValidatorId("nosuchval1")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid Request Validator identifier specified");
			assertThatThrownBy(() -> apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.authorizationType("NONE")
				.requestModels(Map.of("application/json", "Order"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid model identifier specified: Order");
		}

		@Test
		void putMethodOnAnUnknownResourceIsNotFound() {
			assertThatThrownBy(() -> apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId("nosuchres1")
				.httpMethod("GET")
				.authorizationType("NONE")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Resource identifier specified");
		}

		@Test
		void unknownFieldInTheBodyIsIgnoredAsOnAws() {
			// Newer SDKs and tools send members an older service does not know; AWS ignores them.
			WebTestClient admin = signedAdminClient();
			admin.put()
				.uri("/restapis/{api}/resources/{res}/methods/GET", apiId, resourceId)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"authorizationType\":\"NONE\",\"someFutureMember\":{\"a\":1}}")
				.exchange()
				.expectStatus()
				.isCreated()
				.expectBody()
				.jsonPath("$.authorizationType")
				.isEqualTo("NONE");
		}

	}

	@Nested
	class Get {

		@Test
		void getMethodIncludesItsIntegrationAndResponses() {
			ResourceAdminFixtures.addMockMethod(apiGateway, apiId, resourceId, "GET", "{\"ok\": true}");
			GetMethodResponse method = apiGateway
				.getMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET"));
			assertThat(method.httpMethod()).isEqualTo("GET");
			assertThat(method.methodResponses()).containsOnlyKeys("200");
			assertThat(method.methodResponses().get("200").statusCode()).isEqualTo("200");
			assertThat(method.methodIntegration().type()).isEqualTo(IntegrationType.MOCK);
			assertThat(method.methodIntegration().requestTemplates())
				.containsEntry("application/json", "{\"statusCode\": 200}");
			assertThat(method.methodIntegration().integrationResponses().get("200").responseTemplates())
				.containsEntry("application/json", "{\"ok\": true}");
		}

		@Test
		void unknownMethodIsNotFound() {
			putGet();
			assertThatThrownBy(
					() -> apiGateway.getMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("POST")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Method identifier specified");
		}

	}

	@Nested
	class Update {

		@Test
		void updateMethodAppliesEachSupportedPath() {
			addAuthorizerAndValidator();
			apiGateway.putMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.authorizationType("NONE")
				.requestParameters(Map.of("method.request.querystring.old", true))
				.authorizationScopes("read"));
			UpdateMethodResponse updated = apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/authorizationType").value("CUSTOM"),
						(op) -> op.op(Op.REPLACE).path("/authorizerId").value("auth000001"),
						(op) -> op.op(Op.REPLACE).path("/apiKeyRequired").value("true"),
						(op) -> op.op(Op.REPLACE).path("/operationName").value("ListOrders"),
						(op) -> op.op(Op.REPLACE).path("/requestValidatorId").value("valid00001"),
						(op) -> op.op(Op.ADD).path("/requestParameters/method.request.header.X-Id").value("true"),
						(op) -> op.op(Op.REMOVE).path("/requestParameters/method.request.querystring.old"),
						(op) -> op.op(Op.ADD).path("/requestModels/application~1json").value("Empty"),
						(op) -> op.op(Op.ADD).path("/authorizationScopes").value("write"),
						(op) -> op.op(Op.REMOVE).path("/authorizationScopes").value("read")));
			assertThat(updated.authorizationType()).isEqualTo("CUSTOM");
			assertThat(updated.authorizerId()).isEqualTo("auth000001");
			assertThat(updated.apiKeyRequired()).isTrue();
			assertThat(updated.operationName()).isEqualTo("ListOrders");
			assertThat(updated.requestValidatorId()).isEqualTo("valid00001");
			assertThat(updated.requestParameters()).containsExactly(Map.entry("method.request.header.X-Id", true));
			assertThat(updated.requestModels()).containsExactly(Map.entry("application/json", "Empty"));
			assertThat(updated.authorizationScopes()).containsExactly("write");

			GetMethodResponse fetched = apiGateway
				.getMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET"));
			assertThat(fetched.operationName()).isEqualTo("ListOrders");

			UpdateMethodResponse cleared = apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/authorizationType").value("NONE"),
						(op) -> op.op(Op.REMOVE).path("/operationName"),
						(op) -> op.op(Op.REPLACE).path("/requestValidatorId").value("")));
			assertThat(cleared.authorizationType()).isEqualTo("NONE");
			assertThat(cleared.authorizerId()).isNull();
			assertThat(cleared.operationName()).isNull();
			assertThat(cleared.requestValidatorId()).isNull();
		}

		@Test
		void updateMethodKeepsItsIntegration() {
			ResourceAdminFixtures.addMockMethod(apiGateway, apiId, resourceId, "GET", "{}");
			UpdateMethodResponse updated = apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/apiKeyRequired").value("true")));
			assertThat(updated.methodIntegration().type()).isEqualTo(IntegrationType.MOCK);
			assertThat(updated.methodResponses()).containsOnlyKeys("200");
		}

		@Test
		void unsupportedPatchPathIsBadRequest() {
			putGet();
			assertThatThrownBy(() -> apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/httpMethod").value("POST"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid patch path");
		}

		@Test
		void customAuthorizationWithoutAuthorizerIsBadRequest() {
			putGet();
			assertThatThrownBy(() -> apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/authorizationType").value("CUSTOM"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid authorizer ID specified");
		}

		@Test
		void invalidBooleanIsBadRequest() {
			putGet();
			assertThatThrownBy(() -> apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/apiKeyRequired").value("yes"))))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void updatingAnUnknownMethodIsNotFound() {
			assertThatThrownBy(() -> apiGateway.updateMethod((r) -> r.restApiId(apiId)
				.resourceId(resourceId)
				.httpMethod("GET")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/apiKeyRequired").value("true"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Method identifier specified");
		}

	}

	@Nested
	class Delete {

		@Test
		void deleteMethodAnswersNoContentAndTheMethodIsGone() {
			putGet();
			var deleted = apiGateway
				.deleteMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET"));
			assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
			assertThatThrownBy(
					() -> apiGateway.getMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Method identifier specified");
			assertThat(apiGateway.getResource((r) -> r.restApiId(apiId).resourceId(resourceId)).resourceMethods())
				.isEmpty();
		}

		@Test
		void deletingAnUnknownMethodIsNotFound() {
			assertThatThrownBy(
					() -> apiGateway.deleteMethod((r) -> r.restApiId(apiId).resourceId(resourceId).httpMethod("GET")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Method identifier specified");
		}

	}

	@Nested
	class DataPlane {

		@Test
		void putMethodIsServedOnceDeployedAndDeletedMethodIsNotOnceRedeployed() {
			BuiltApi built = ResourceAdminFixtures.mockApi(apiGateway, "things", "{\"verb\": \"GET\"}");
			ResourceAdminFixtures.addMockMethod(apiGateway, built.apiId(), built.resourceId(), "POST",
					"{\"verb\": \"$context.httpMethod\"}");
			deploy(store, routeLocator, built.apiId(), "d1");
			client.post()
				.uri(invokePath(built.apiId(), "/things"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"verb\": \"POST\"}");

			apiGateway.deleteMethod(
					(r) -> r.restApiId(built.apiId()).resourceId(built.resourceId()).httpMethod("POST"));
			deploy(store, routeLocator, built.apiId(), "d2");
			client.post()
				.uri(invokePath(built.apiId(), "/things"))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "MissingAuthenticationTokenException");
			client.get()
				.uri(invokePath(built.apiId(), "/things"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.json("{\"verb\": \"GET\"}");
		}

	}

}

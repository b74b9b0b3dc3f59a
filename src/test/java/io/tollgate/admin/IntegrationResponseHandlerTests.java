package io.tollgate.admin;

import java.util.Map;

import io.tollgate.admin.ResourceAdminFixtures.BuiltApi;
import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GetIntegrationResponseResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PutIntegrationResponseResponse;
import software.amazon.awssdk.services.apigateway.model.UpdateIntegrationResponseResponse;


import static io.tollgate.admin.ResourceAdminFixtures.deploy;
import static io.tollgate.admin.ResourceAdminFixtures.invokePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationResponseHandlerTests extends BaseAdminTests {

	private String apiId;

	private String resourceId;

	@BeforeEach
	void createIntegration() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("integration responses")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(this.apiId)).items().get(0).id();
		this.resourceId = this.apiGateway
			.createResource((r) -> r.restApiId(this.apiId).parentId(rootId).pathPart("orders"))
			.id();
		this.apiGateway.putMethod(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").authorizationType("NONE"));
		this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode("200"));
		this.apiGateway.putIntegration((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.type(IntegrationType.MOCK)
			.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
	}

	private PutIntegrationResponseResponse put(String statusCode, String selectionPattern) {
		return this.apiGateway.putIntegrationResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode(statusCode)
			.selectionPattern(selectionPattern)
			.responseParameters(Map.of("method.response.header.X-Kind", "'mock'"))
			.responseTemplates(Map.of("application/json", "{\"ok\": true}"))
			.contentHandling("CONVERT_TO_TEXT"));
	}

	private GetIntegrationResponseResponse get(String statusCode) {
		return this.apiGateway.getIntegrationResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode(statusCode));
	}

	@Test
	void putAndGetIntegrationResponseThroughTheAwsSdk() {
		PutIntegrationResponseResponse put = put("200", "2\\d{2}");
		assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(put.statusCode()).isEqualTo("200");
		assertThat(put.selectionPattern()).isEqualTo("2\\d{2}");
		assertThat(put.responseParameters()).containsExactly(Map.entry("method.response.header.X-Kind", "'mock'"));
		assertThat(put.responseTemplates()).containsExactly(Map.entry("application/json", "{\"ok\": true}"));
		assertThat(put.contentHandlingAsString()).isEqualTo("CONVERT_TO_TEXT");
		GetIntegrationResponseResponse fetched = get("200");
		assertThat(fetched.selectionPattern()).isEqualTo("2\\d{2}");
		assertThat(fetched.responseTemplates()).containsKey("application/json");
		assertThat(this.apiGateway
			.getIntegration((r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET"))
			.integrationResponses()).containsOnlyKeys("200");
	}

	@Test
	void putIntegrationResponseReplacesAnExistingOne() {
		put("200", "2\\d{2}");
		this.apiGateway.putIntegrationResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200"));
		GetIntegrationResponseResponse fetched = get("200");
		assertThat(fetched.selectionPattern()).isNull();
		assertThat(fetched.hasResponseTemplates()).isFalse();
	}

	@Test
	void statusWithoutAMethodResponseIsCreatedAndServed() {
		// AWS accepts an integration response before (or without) the method response of its status.
		BuiltApi built = ResourceAdminFixtures.mockApi(this.apiGateway, "early", "{\"early\": false}");
		this.apiGateway.updateIntegration((r) -> r.restApiId(built.apiId())
			.resourceId(built.resourceId())
			.httpMethod("GET")
			.patchOperations((op) -> op.op(Op.REPLACE)
				.path("/requestTemplates/application~1json")
				.value("{\"statusCode\": 202}")));
		PutIntegrationResponseResponse put = this.apiGateway.putIntegrationResponse((r) -> r
			.restApiId(built.apiId())
			.resourceId(built.resourceId())
			.httpMethod("GET")
			.statusCode("202")
			.selectionPattern("202")
			.responseTemplates(Map.of("application/json", "{\"early\": true}")));
		assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(201);
		deploy(this.store, this.routeLocator, built.apiId(), "d1");
		this.client.get()
			.uri(invokePath(built.apiId(), "/early"))
			.exchange()
			.expectStatus()
			.isEqualTo(202)
			.expectBody()
			.json("{\"early\": true}");
	}

	@Test
	void methodWithoutIntegrationIsNotFound() {
		this.apiGateway.deleteIntegration(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET"));
		assertThatThrownBy(() -> put("200", null)).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Integration identifier specified");
	}

	@Test
	void invalidSelectionPatternOrStatusIsBadRequest() {
		assertThatThrownBy(() -> put("200", "2(")).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid selection pattern specified");
		assertThatThrownBy(() -> put("2000", null)).isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid status code specified");
	}

	@Test
	void unknownIntegrationResponseIsNotFound() {
		assertThatThrownBy(() -> get("200")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Response status code specified");
	}

	@Test
	void updateIntegrationResponsePatchesEachPath() {
		put("200", "2\\d{2}");
		UpdateIntegrationResponseResponse updated = this.apiGateway.updateIntegrationResponse((r) -> r
			.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations((op) -> op.op(Op.REMOVE).path("/selectionPattern"),
					(op) -> op.op(Op.REPLACE).path("/responseTemplates/application~1json").value("{\"ok\": 1}"),
					(op) -> op.op(Op.ADD).path("/responseTemplates/text~1plain").value("ok"),
					(op) -> op.op(Op.REMOVE).path("/responseParameters/method.response.header.X-Kind"),
					(op) -> op.op(Op.REMOVE).path("/contentHandling")));
		assertThat(updated.selectionPattern()).isNull();
		assertThat(updated.responseTemplates()).containsEntry("application/json", "{\"ok\": 1}")
			.containsEntry("text/plain", "ok");
		assertThat(updated.hasResponseParameters()).isFalse();
		assertThat(updated.contentHandling()).isNull();
	}

	@Test
	void updateIntegrationResponseWithUnsupportedPathIsBadRequest() {
		put("200", null);
		assertThatThrownBy(() -> this.apiGateway.updateIntegrationResponse((r) -> r.restApiId(this.apiId)
			.resourceId(this.resourceId)
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/statusCode").value("201"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path");
	}

	@Test
	void deleteIntegrationResponseAnswersNoContentAndTheResponseIsGone() {
		put("200", null);
		var deleted = this.apiGateway.deleteIntegrationResponse(
				(r) -> r.restApiId(this.apiId).resourceId(this.resourceId).httpMethod("GET").statusCode("200"));
		assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
		assertThatThrownBy(() -> get("200")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void updatedResponseTemplateIsServedOnceRedeployed() {
		BuiltApi built = ResourceAdminFixtures.mockApi(this.apiGateway, "greeting", "{\"say\": \"hello\"}");
		deploy(this.store, this.routeLocator, built.apiId(), "d1");
		this.client.get()
			.uri(invokePath(built.apiId(), "/greeting"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"say\": \"hello\"}");

		this.apiGateway.updateIntegrationResponse((r) -> r.restApiId(built.apiId())
			.resourceId(built.resourceId())
			.httpMethod("GET")
			.statusCode("200")
			.patchOperations((op) -> op.op(Op.REPLACE)
				.path("/responseTemplates/application~1json")
				.value("{\"say\": \"goodbye\"}"),
					(op) -> op.op(Op.ADD)
						.path("/responseParameters/method.response.header.X-Changed")
						.value("'yes'")));
		deploy(this.store, this.routeLocator, built.apiId(), "d2");
		this.client.get()
			.uri(invokePath(built.apiId(), "/greeting"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Changed", "yes")
			.expectBody()
			.json("{\"say\": \"goodbye\"}");
	}

	@Test
	void selectionPatternChoosesTheIntegrationResponseOnTheDataPlane() {
		BuiltApi built = ResourceAdminFixtures.mockApi(this.apiGateway, "select", "{\"found\": true}");
		this.apiGateway.updateIntegration((r) -> r.restApiId(built.apiId())
			.resourceId(built.resourceId())
			.httpMethod("GET")
			.patchOperations((op) -> op.op(Op.REPLACE)
				.path("/requestTemplates/application~1json")
				.value("{\"statusCode\": $input.params('code')}")));
		this.apiGateway.putMethodResponse(
				(r) -> r.restApiId(built.apiId()).resourceId(built.resourceId()).httpMethod("GET").statusCode("404"));
		this.apiGateway.putIntegrationResponse((r) -> r.restApiId(built.apiId())
			.resourceId(built.resourceId())
			.httpMethod("GET")
			.statusCode("404")
			.selectionPattern("4\\d{2}")
			.responseTemplates(Map.of("application/json", "{\"found\": false}")));
		deploy(this.store, this.routeLocator, built.apiId(), "d1");
		this.client.get()
			.uri(invokePath(built.apiId(), "/select?code=200"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"found\": true}");
		this.client.get()
			.uri(invokePath(built.apiId(), "/select?code=410"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.json("{\"found\": false}");
	}

}

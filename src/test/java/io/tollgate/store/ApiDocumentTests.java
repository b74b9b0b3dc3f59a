package io.tollgate.store;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.IntegrationType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDocumentTests {

	private static final String PETSTORE = """
			restApi: {id: petstore, name: PetStore}
			resources:
			  /pets/{petId}:
			    GET:
			      methodIntegration:
			        type: HTTP_PROXY
			        httpMethod: GET
			        uri: "${stageVariables.backend}/pets/{petId}"
			stages:
			  prod:
			    variables: {backend: "http://localhost:9000"}
			""";

	@Test
	void readsResourcesByPathCreatingParentsAndDeploysToTheStages() {
		ApiDefinition api = ApiDocument.read(PETSTORE, true).applyTo(null);
		assertThat(api.resources()).extracting("path").containsExactly("/", "/pets", "/pets/{petId}");
		assertThat(api.resourceByPath("/pets/{petId}").orElseThrow().resourceMethods().get("GET")
			.methodIntegration().type()).isEqualTo(IntegrationType.HTTP_PROXY);
		assertThat(api.deployments()).hasSize(1);
		assertThat(api.stages().get("prod").deploymentId()).isEqualTo(api.deployments().keySet().iterator().next());
		assertThat(api.stages().get("prod").variables()).containsEntry("backend", "http://localhost:9000");
	}

	@Test
	void applyingTheSameDocumentAgainChangesNothing() {
		ApiDocument document = ApiDocument.read(PETSTORE, true);
		ApiDefinition first = document.applyTo(null);
		assertThat(ApiDocument.read(PETSTORE, true).applyTo(first)).isSameAs(first);
	}

	@Test
	void changedDocumentAddsADeploymentAndKeepsOtherStages() {
		ApiDefinition first = ApiDocument.read(PETSTORE, true).applyTo(null);
		ApiDefinition withTest = first.withStage(io.tollgate.model.Stage.of("test",
				first.stages().get("prod").deploymentId(), null));
		ApiDefinition second = ApiDocument.read(PETSTORE.replace("9000", "9001"), true).applyTo(withTest);
		assertThat(second.deployments()).hasSize(2);
		assertThat(second.stages()).containsKeys("prod", "test");
		assertThat(second.stages().get("prod").deploymentId()).isNotEqualTo(first.stages().get("prod").deploymentId());
		assertThat(second.version()).isEqualTo(withTest.version() + 1);
	}

	@Nested
	class BadInput {

		@Test
		void malformedYamlIsABadRequest() {
			assertBadRequest("restApi: {id: x, name: [", "Invalid definition");
		}

		@Test
		void unknownFieldIsABadRequest() {
			assertBadRequest(PETSTORE.replace("httpMethod: GET", "httpMethod: GET\n        color: red"),
					"Unrecognized property \"color\"");
		}

		@Test
		void timeoutOutsideTheAllowedRangeIsABadRequest() {
			assertBadRequest(PETSTORE.replace("httpMethod: GET", "httpMethod: GET\n        timeoutInMillis: 30000"),
					"Timeout should be between 50 ms and 29000 ms");
			assertBadRequest(PETSTORE.replace("httpMethod: GET", "httpMethod: GET\n        timeoutInMillis: 49"),
					"Timeout should be between 50 ms and 29000 ms");
		}

		@Test
		void apiWithoutMethodsCannotBeDeployed() {
			assertBadRequest("""
					restApi: {id: empty, name: Empty}
					resources:
					  /pets: {}
					stages:
					  prod: {}
					""", "The REST API doesn't contain any methods");
		}

		@Test
		void duplicatePathPartIsABadRequest() {
			assertBadRequest("""
					restApi: {id: dup, name: Dup}
					resources:
					  /pets/{petId}:
					    GET: {methodIntegration: {type: MOCK}}
					  /pets/{id}:
					    GET: {methodIntegration: {type: MOCK}}
					""", "already has a variable path part");
			assertBadRequest("""
					restApi: {id: dup, name: Dup}
					resources:
					  /pets:
					    GET: {methodIntegration: {type: MOCK}}
					  /pets/:
					    POST: {methodIntegration: {type: MOCK}}
					""", "Another resource with the same parent already has this name: pets");
		}

		@Test
		void invalidPathPartIsABadRequest() {
			assertBadRequest("""
					restApi: {id: bad, name: Bad}
					resources:
					  /pets here:
					    GET: {methodIntegration: {type: MOCK}}
					""", "path part only allow");
		}

		@Test
		void unknownVerbIsABadRequest() {
			assertBadRequest("""
					restApi: {id: bad, name: Bad}
					resources:
					  /pets:
					    FETCH: {methodIntegration: {type: MOCK}}
					""", "Invalid HttpMethod");
		}

		@Test
		void httpIntegrationWithoutUriIsABadRequest() {
			assertBadRequest("""
					restApi: {id: bad, name: Bad}
					resources:
					  /pets:
					    GET: {methodIntegration: {type: HTTP_PROXY, httpMethod: GET}}
					""", "Invalid integration URI specified");
		}

		private void assertBadRequest(String yaml, String message) {
			assertThatThrownBy(() -> ApiDocument.read(yaml, true).applyTo(null))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessageContaining(message)
				.satisfies((ex) -> {
					ApiModelException error = (ApiModelException) ex;
					assertThat(error.status()).isEqualTo(400);
					assertThat(error.errorType()).isEqualTo("BadRequestException");
				});
		}

	}

}

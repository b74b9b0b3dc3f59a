package io.tollgate.admin.openapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.IntegrationType;
import io.tollgate.store.DefinitionFiles;
import io.tollgate.store.EmbeddedApiStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDefinitionFormatTests {

	/** As `aws apigateway get-export --export-type oas30 --extensions integrations,authorizers` writes it. */
	private static final String AWS_EXPORT = """
			openapi: 3.0.1
			info: {title: Orders, version: "2026-11-25T00:00:00Z"}
			servers:
			- url: https://abc123def0.execute-api.us-east-1.amazonaws.com/{basePath}
			  variables:
			    basePath: {default: prod}
			paths:
			  /orders/{orderId}:
			    get:
			      parameters:
			      - {name: orderId, in: path, required: true, schema: {type: string}}
			      security: [{token: []}]
			      x-amazon-apigateway-integration:
			        type: http_proxy
			        httpMethod: GET
			        uri: http://orders.internal/orders/{orderId}
			        requestParameters: {integration.request.path.orderId: method.request.path.orderId}
			components:
			  securitySchemes:
			    token:
			      type: apiKey
			      name: Authorization
			      in: header
			      x-amazon-apigateway-authtype: custom
			      x-amazon-apigateway-authorizer:
			        type: token
			        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations
			""";

	@TempDir
	Path dir;

	@TempDir
	Path dataDir;

	private EmbeddedApiStore store;

	@BeforeEach
	void openStore() {
		this.store = new EmbeddedApiStore(this.dataDir);
	}

	@AfterEach
	void closeStore() throws Exception {
		this.store.close();
	}

	private DefinitionFiles files() {
		return new DefinitionFiles(this.store, this.dir.toString(), List.of(new OpenApiDefinitionFormat()));
	}

	@Test
	void anAwsExportIsServedUnderItsOwnIdAndStage() throws IOException {
		Files.writeString(this.dir.resolve("orders.yaml"), AWS_EXPORT);
		files().start();
		ApiDefinition api = this.store.find("abc123def0").block();
		assertThat(api).isNotNull();
		assertThat(api.restApi().name()).isEqualTo("Orders");
		assertThat(api.stages()).containsOnlyKeys("prod");
		assertThat(api.resourceByPath("/orders/{orderId}").orElseThrow().resourceMethods().get("GET")
			.methodIntegration()
			.type()).isEqualTo(IntegrationType.HTTP_PROXY);
		assertThat(api.components().authorizers()).hasSize(1);
		assertThat(api.requireDeployment(api.stages().get("prod").deploymentId()).resources())
			.anyMatch((resource) -> resource.path().equals("/orders/{orderId}"));
	}

	@Test
	void applyingAnUnchangedFileAgainChangesNothingAndAChangedOneIsDeployedAnew() throws IOException {
		Path file = this.dir.resolve("orders.yaml");
		Files.writeString(file, AWS_EXPORT);
		files().start();
		ApiDefinition first = this.store.find("abc123def0").block();
		files().start();
		assertThat(this.store.find("abc123def0").block().version()).isEqualTo(first.version());
		Files.writeString(file, AWS_EXPORT.replace("orders.internal", "orders.v2.internal"));
		files().start();
		ApiDefinition changed = this.store.find("abc123def0").block();
		assertThat(changed.version()).isGreaterThan(first.version());
		assertThat(changed.stages().get("prod").deploymentId())
			.isNotEqualTo(first.stages().get("prod").deploymentId());
		assertThat(changed.resourceByPath("/orders/{orderId}")).isPresent();
	}

	@Test
	void aSwaggerFileWithoutExecuteApiHostTakesItsIdFromTheFileNameAndItsStageFromTheBasePath() throws IOException {
		Files.writeString(this.dir.resolve("pets.json"), """
				{"swagger": "2.0", "info": {"title": "Pets", "version": "1"}, "basePath": "/v1/store",
				 "paths": {"/pets": {"get": {"x-amazon-apigateway-integration": {"type": "mock",
				   "requestTemplates": {"application/json": "{\\"statusCode\\": 200}"}}}}}}
				""");
		files().start();
		ApiDefinition api = this.store.find("pets").block();
		assertThat(api).isNotNull();
		assertThat(api.stages()).containsOnlyKeys("v1");
		assertThat(api.resourceByPath("/store/pets")).isPresent();
	}

	@Test
	void withoutABasePathTheApiIsStoredNotDeployed() throws IOException {
		Files.writeString(this.dir.resolve("plain.yaml"), """
				openapi: 3.0.1
				info: {title: Plain, version: "1"}
				paths:
				  /ping: {get: {x-amazon-apigateway-integration: {type: mock}}}
				""");
		files().start();
		ApiDefinition api = this.store.find("plain").block();
		assertThat(api).isNotNull();
		assertThat(api.stages()).isEmpty();
	}

	@Test
	void anInvalidOpenApiFileIsRefusedWhole() throws IOException {
		Files.writeString(this.dir.resolve("broken.yaml"), """
				openapi: 3.0.1
				info: {title: Broken, version: "1"}
				paths:
				  /ping: {get: {x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET,
				    uri: http://example.com, timeoutInMillis: 30000}}}
				servers: [{url: /prod}]
				""");
		files().start();
		assertThat(this.store.find("broken").block()).isNull();
	}

}

package io.tollgate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.v2.ApiV2Definition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionFilesTests {

	@TempDir
	Path dir;

	@TempDir
	Path dataDir;

	private EmbeddedApiStore store;

	@AfterEach
	void close() throws Exception {
		if (this.store != null) {
			this.store.close();
		}
	}

	@Test
	void validFilesApplyAndAnInvalidOneIsRefusedWhole() throws IOException {
		Files.writeString(this.dir.resolve("good.yaml"), """
				restApi: {id: good, name: Good}
				resources:
				  /ping:
				    GET: {methodIntegration: {type: MOCK}}
				stages:
				  prod: {}
				""");
		Files.writeString(this.dir.resolve("bad.json"), """
				{"restApi": {"id": "bad", "name": "Bad"},
				 "resources": {"/ping": {"GET": {"methodIntegration": {"type": "HTTP_PROXY", "httpMethod": "GET",
				   "uri": "http://example.com", "timeoutInMillis": 30000}}}},
				 "stages": {"prod": {}}}
				""");
		Files.writeString(this.dir.resolve("notes.txt"), "not a definition");
		this.store = new EmbeddedApiStore(this.dataDir);
		new DefinitionFiles(this.store, this.dir.toString()).start();

		ApiDefinition good = this.store.find("good").block();
		assertThat(good).isNotNull();
		assertThat(good.stages()).containsKey("prod");
		assertThat(this.store.find("bad").block()).as("nothing of the invalid file is applied").isNull();
	}

	@Test
	void applyingUnchangedFilesAgainKeepsTheStoredVersion() throws IOException {
		Files.writeString(this.dir.resolve("api.yaml"), """
				restApi: {id: same, name: Same}
				resources:
				  /ping:
				    GET: {methodIntegration: {type: MOCK}}
				stages:
				  prod: {}
				""");
		this.store = new EmbeddedApiStore(this.dataDir);
		new DefinitionFiles(this.store, this.dir.toString()).start();
		long version = this.store.find("same").block().version();
		new DefinitionFiles(this.store, this.dir.toString()).start();
		assertThat(this.store.find("same").block().version()).isEqualTo(version);
	}

	@Test
	void classpathLocationsAreRead() {
		this.store = new EmbeddedApiStore(this.dataDir);
		new DefinitionFiles(this.store, "classpath:samples").start();
		assertThat(this.store.find("petstore").block()).isNotNull();
	}

	@Test
	void httpApiFilesApplyDeployToTheirStagesAndChangeNothingWhenAppliedAgain() throws IOException {
		String file = """
				api: {name: Pets, protocolType: HTTP, corsConfiguration: {allowOrigins: ["https://example.com"]}}
				integrations:
				  hello: {integrationType: AWS_PROXY, integrationUri: "arn:aws:lambda:us-east-1:000000000000:function:hello", payloadFormatVersion: "2.0"}
				  backend: {integrationType: HTTP_PROXY, integrationMethod: ANY, integrationUri: "http://localhost:9000", payloadFormatVersion: "1.0"}
				authorizers:
				  jwt: {name: jwt, authorizerType: JWT, identitySource: ["$request.header.Authorization"], jwtConfiguration: {issuer: "https://issuer.example.com", audience: [client]}}
				routes:
				  GET /pets/{id}: {target: integrations/hello, authorizationType: JWT, authorizerId: jwt}
				  $default: {target: integrations/backend}
				stages:
				  $default: {autoDeploy: true}
				  prod: {stageVariables: {color: blue}}
				""";
		Files.writeString(this.dir.resolve("pets.yaml"), file);
		Files.writeString(this.dir.resolve("mocked.yaml"), """
				api: {name: Mocked, protocolType: HTTP}
				integrations:
				  mock: {integrationType: MOCK}
				""");
		this.store = new EmbeddedApiStore(this.dataDir);
		DefinitionStore<ApiV2Definition> v2 = this.store.v2Apis();
		new DefinitionFiles(this.store, v2, this.dir.toString(), List.of()).start();

		ApiV2Definition pets = v2.find("pets").block();
		assertThat(pets).isNotNull();
		assertThat(pets.configuration().routeByKey("GET /pets/{id}")).isPresent();
		assertThat(pets.deployedConfiguration("$default")).contains(pets.configuration());
		assertThat(pets.deployedConfiguration("prod")).contains(pets.configuration());
		assertThat(pets.stage("prod").orElseThrow().stageVariables()).containsEntry("color", "blue");
		assertThat(this.store.find("pets").block()).as("not a REST API").isNull();
		assertThat(v2.find("mocked").block()).as("HTTP APIs take no MOCK integrations").isNull();

		new DefinitionFiles(this.store, v2, this.dir.toString(), List.of()).start();
		assertThat(v2.find("pets").block().version()).isEqualTo(pets.version());

		Files.writeString(this.dir.resolve("pets.yaml"), file.replace("GET /pets/{id}", "GET /animals/{id}"));
		new DefinitionFiles(this.store, v2, this.dir.toString(), List.of()).start();
		ApiV2Definition changed = v2.find("pets").block();
		assertThat(changed.deployedConfiguration("prod").orElseThrow().routeByKey("GET /animals/{id}")).isPresent();
		assertThat(changed.deployedConfiguration("prod").orElseThrow().routeByKey("GET /pets/{id}")).isEmpty();
		assertThat(changed.deployments()).hasSize(2);
	}

}

package io.tollgate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedApiStore}, on a real directory.
 */
class EmbeddedApiStoreTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** Nanoseconds included, to check that instants keep their precision. */
	private static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123456789Z");

	@TempDir
	Path dataDir;

	private EmbeddedApiStore store;

	@BeforeEach
	void openStore() {
		this.store = new EmbeddedApiStore(this.dataDir);
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Test
	void saveThenFindReturnsAnEqualDefinition() {
		ApiDefinition petstore = fullDefinition("petstore");
		this.store.save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		assertThat(this.store.find("petstore").block(TIMEOUT)).isEqualTo(petstore);
		assertThat(this.store.findAll().collectList().block(TIMEOUT)).containsExactly(petstore);
	}

	@Test
	void findWhenApiIsMissingThenEmpty() {
		StepVerifier.create(this.store.find("nothing")).verifyComplete();
	}

	@Test
	void savedFileReadsBackAsAnEqualDefinition() throws IOException {
		ApiDefinition petstore = fullDefinition("petstore");
		this.store.save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		String json = Files.readString(apisDir().resolve("petstore.json"), StandardCharsets.UTF_8);
		assertThat(ModelJson.read(json)).isEqualTo(petstore);
	}

	@Test
	void saveWhenVersionIsStaleThenConcurrentModification() {
		ApiDefinition created = this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		ApiDefinition first = created.withStage(Stage.of("dev", "dep1", null));
		this.store.save(first, created.version()).block(TIMEOUT);
		ApiDefinition stale = created.withStage(Stage.of("test", "dep1", null));
		StepVerifier.create(this.store.save(stale, created.version()))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		assertThat(this.store.find("petstore").block(TIMEOUT)).isEqualTo(first);
	}

	@Test
	void saveWhenApiAlreadyExistsAndAbsentExpectedThenConcurrentModification() {
		ApiDefinition created = this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		assertThat(this.store.find("petstore").block(TIMEOUT)).isEqualTo(created);
	}

	@Test
	void saveWhenApiIsMissingAndVersionExpectedThenConcurrentModification() {
		StepVerifier.create(this.store.save(simpleDefinition("petstore"), 3))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		assertThat(apisDir().resolve("petstore.json")).doesNotExist();
	}

	@Test
	void deleteRemovesDefinitionAndFile() {
		this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(this.store.delete("petstore")).expectNext(true).verifyComplete();
		StepVerifier.create(this.store.find("petstore")).verifyComplete();
		assertThat(apisDir().resolve("petstore.json")).doesNotExist();
	}

	@Test
	void deleteWhenApiIsMissingThenFalse() {
		StepVerifier.create(this.store.delete("petstore")).expectNext(false).verifyComplete();
	}

	@Test
	void updateUnderConcurrentUpdatersAppliesEveryChange() {
		ApiDefinition created = this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		int updaters = 8;
		Flux.range(0, updaters)
			.flatMap((i) -> this.store.update("petstore", (api) -> api.withStage(Stage.of("s" + i, "dep1", null)))
				.subscribeOn(Schedulers.parallel()))
			.then()
			.block(TIMEOUT);
		ApiDefinition updated = this.store.find("petstore").block(TIMEOUT);
		assertThat(updated.version()).isEqualTo(created.version() + updaters);
		assertThat(updated.stages()).hasSize(updaters);
	}

	@Test
	void updateWhenApiIsMissingThenNotFound() {
		StepVerifier.create(this.store.update("petstore", (api) -> api))
			.expectError(ApiModelException.NotFound.class)
			.verify(TIMEOUT);
	}

	@Test
	void changesAreEmittedAfterSaveAndDelete() {
		ApiDefinition petstore = simpleDefinition("petstore");
		StepVerifier.create(this.store.changes().take(3))
			.then(() -> this.store.save(petstore, ApiStore.ABSENT).block(TIMEOUT))
			.assertNext((change) -> {
				assertThat(change).isEqualTo(new ApiChange("petstore"));
				// Announced after it is stored: a listener reading back sees the change.
				assertThat(this.store.find("petstore").block(TIMEOUT)).isEqualTo(petstore);
			})
			.then(() -> this.store.save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT))
			.expectNext(new ApiChange("bookshop"))
			.then(() -> this.store.delete("petstore").block(TIMEOUT))
			.expectNext(new ApiChange("petstore"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void changesWhenSaveIsRefusedThenNothingIsEmitted() {
		this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(this.store.changes())
			.then(() -> this.store.save(simpleDefinition("petstore"), ApiStore.ABSENT)
				.onErrorComplete(ConcurrentModificationException.class)
				.block(TIMEOUT))
			.then(() -> this.store.delete("missing").block(TIMEOUT))
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Nested
	class Persistence {

		@Test
		void restartOnSameDirectoryKeepsEverything() {
			ApiDefinition petstore = fullDefinition("petstore");
			ApiDefinition bookshop = simpleDefinition("bookshop");
			ApiDefinition deleted = simpleDefinition("deleted");
			store().save(petstore, ApiStore.ABSENT).block(TIMEOUT);
			store().save(bookshop, ApiStore.ABSENT).block(TIMEOUT);
			ApiDefinition updated = store()
				.update("bookshop", (api) -> api.withStage(Stage.of("dev", "dep1", Map.of("a", "b"))))
				.block(TIMEOUT);
			store().save(deleted, ApiStore.ABSENT).block(TIMEOUT);
			store().delete("deleted").block(TIMEOUT);
			store().close();
			try (EmbeddedApiStore restarted = new EmbeddedApiStore(EmbeddedApiStoreTests.this.dataDir)) {
				assertThat(restarted.findAll().collectList().block(TIMEOUT)).containsExactly(updated, petstore);
				StepVerifier.create(restarted.save(bookshop, bookshop.version()))
					.expectError(ConcurrentModificationException.class)
					.verify(TIMEOUT);
			}
		}

		@Test
		void saveLeavesOneFilePerApiAndNoTempFiles() throws IOException {
			store().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
			store().update("petstore", (api) -> api.withStage(Stage.of("dev", "dep1", null))).block(TIMEOUT);
			store().save(simpleDefinition("bookshop"), ApiStore.ABSENT).block(TIMEOUT);
			assertThat(fileNames()).containsExactlyInAnyOrder("petstore.json", "bookshop.json");
		}

		@Test
		void refusedSaveLeavesTheFileUntouched() throws IOException {
			store().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
			byte[] before = Files.readAllBytes(apisDir().resolve("petstore.json"));
			store().save(simpleDefinition("petstore").withStage(Stage.of("dev", "dep1", null)), 7)
				.onErrorComplete(ConcurrentModificationException.class)
				.block(TIMEOUT);
			assertThat(Files.readAllBytes(apisDir().resolve("petstore.json"))).isEqualTo(before);
			assertThat(fileNames()).containsExactly("petstore.json");
		}

		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void corruptFileIsSkippedAndLoggedWithoutItsContent(CapturedOutput output) throws IOException {
			ApiDefinition petstore = simpleDefinition("petstore");
			store().save(petstore, ApiStore.ABSENT).block(TIMEOUT);
			store().close();
			Path truncated = apisDir().resolve("truncated.json");
			Files.writeString(truncated, "{\"restApi\": {\"id\": \"truncated\", \"policy\": \"s3cr3t-policy");
			Path invalid = apisDir().resolve("invalid.json");
			String json = ModelJson
				.write(simpleDefinition("invalid").withStage(Stage.of("dev", "dep1", Map.of("token", "s3cr3tvalue"))));
			// Refused by the model: a stage variable value may not contain '<'.
			Files.writeString(invalid, json.replace("s3cr3tvalue", "s3cr3t<value>"));
			Path misnamed = apisDir().resolve("other.json");
			Files.writeString(misnamed, ModelJson.write(simpleDefinition("bookshop")));
			try (EmbeddedApiStore restarted = new EmbeddedApiStore(EmbeddedApiStoreTests.this.dataDir)) {
				assertThat(restarted.findAll().collectList().block(TIMEOUT)).containsExactly(petstore);
			}
			assertThat(output).contains("Skipping API definition file " + truncated)
				.contains("Skipping API definition file " + invalid)
				.contains("Skipping API definition file " + misnamed)
				.doesNotContain("s3cr3t");
		}

		@Test
		void leftoverTempFileFromACrashIsRemovedOnStart() throws IOException {
			ApiDefinition petstore = simpleDefinition("petstore");
			store().save(petstore, ApiStore.ABSENT).block(TIMEOUT);
			store().close();
			Files.writeString(apisDir().resolve(".petstore.12345.tmp"), "{\"restApi\":");
			try (EmbeddedApiStore restarted = new EmbeddedApiStore(EmbeddedApiStoreTests.this.dataDir)) {
				assertThat(restarted.find("petstore").block(TIMEOUT)).isEqualTo(petstore);
			}
			assertThat(fileNames()).containsExactly("petstore.json");
		}

		private EmbeddedApiStore store() {
			return EmbeddedApiStoreTests.this.store;
		}

		private List<String> fileNames() throws IOException {
			try (Stream<Path> files = Files.list(apisDir())) {
				return files.map((file) -> file.getFileName().toString()).toList();
			}
		}

	}

	private Path apisDir() {
		return this.dataDir.resolve("apis");
	}

	/** An API with one MOCK method, deployed once as {@code dep1}. */
	static ApiDefinition simpleDefinition(String apiId) {
		ApiDefinition api = ApiDefinition.create(new RestApi(apiId, apiId, null, CREATED, null, null,
				null, null, null));
		return api.withMethod(api.rootResource().id(), method("GET", mockIntegration()))
			.withDeployment("dep1", null);
	}

	/**
	 * An API using every part of the model: settings, nested resources, methods with MOCK and HTTP integrations,
	 * two deployments and a stage with method settings, a canary and access logs.
	 */
	static ApiDefinition fullDefinition(String apiId) {
		RestApi restApi = new RestApi(apiId, "PetStore", "Pets, stored", CREATED,
				List.of("image/png", "application/octet-stream"), ApiKeySource.AUTHORIZER,
				new EndpointConfiguration(List.of("PRIVATE"), List.of("vpce-123")),
				"{\"Version\":\"2012-10-17\",\"Statement\":[]}", Map.of("team", "pets", "cost", "42"));
		ApiDefinition api = ApiDefinition.create(restApi);
		String rootId = api.rootResource().id();
		api = api.withResource(rootId, "pets", null);
		String petsId = api.resourceByPath("/pets").orElseThrow().id();
		api = api.withResource(petsId, "{petId}", "petbyid");
		api = api.withResource(rootId, "{proxy+}", null);
		Integration http = new Integration(IntegrationType.HTTP, "GET", "https://pets.example.com/pets/{id}",
				"INTERNET", null, Map.of("integration.request.path.id", "method.request.path.petId"),
				Map.of("application/json", "{\"id\": \"$input.params('petId')\"}"), PassthroughBehavior.NEVER,
				"CONVERT_TO_TEXT", 5000, "pets", List.of("method.request.path.petId"),
				Map.of("200", new IntegrationResponse("200", null, Map.of("method.response.header.X-Pet", "'1'"),
						Map.of("application/json", "$input.body"), null), "404",
						new IntegrationResponse("404", "4\\d{2}", null, null, "CONVERT_TO_TEXT")));
		Method getPet = new Method("GET", AuthorizationType.CUSTOM, "auth1", true, "GetPet", "validator1",
				Map.of("method.request.path.petId", true, "method.request.header.X-Trace", false),
				Map.of("application/json", "Pet"), List.of("pets/read"),
				Map.of("200", new MethodResponse("200", Map.of("method.response.header.X-Pet", true),
						Map.of("application/json", "Pet"))),
				http);
		api = api.withMethod(api.resourceByPath("/pets/{petId}").orElseThrow().id(), getPet);
		api = api.withMethod(petsId, method("POST", mockIntegration()));
		api = api.withMethod(api.resourceByPath("/{proxy+}").orElseThrow().id(),
				new Method("ANY", AuthorizationType.AWS_IAM, null, false, null, null, null, null, null, null,
						new Integration(IntegrationType.HTTP_PROXY, "ANY", "https://backend.example.com/{proxy}",
								null, null, null, null, null, null, null, null, null, null)));
		api = api.withDeployment("dep1", "first").withDeployment("dep2", null);
		Map<String, MethodSetting> methodSettings = Map.of(MethodSetting.ALL_METHODS,
				new MethodSetting(true, "INFO", false, 100, 50.5, true, 300, false, true, "SUCCEED_WITH_RESPONSE_HEADER"),
				MethodSetting.keyFor("/pets/{petId}", "GET"),
				new MethodSetting(null, null, null, 10, 2.0, null, null, null, null, null));
		Stage prod = new Stage("prod", "dep1", "production", Map.of("backend", "pets.example.com", "k", "v"),
				methodSettings, true, "0.5", new CanarySettings("dep2", 12.5, Map.of("backend", "canary"), true),
				true, new AccessLogSettings("$context.requestId", "arn:aws:logs:us-east-1:000000000000:log-group:x"),
				Map.of("env", "prod"), null, null);
		return api.withStage(prod).withStage(Stage.of("dev", "dep2", Map.of("k", "v")));
	}

	static Method method(String verb, Integration integration) {
		return new Method(verb, null, null, false, null, null, null, null, null, null, integration);
	}

	static Integration mockIntegration() {
		return new Integration(IntegrationType.MOCK, null, null, null, null, null,
				Map.of("application/json", "{\"statusCode\": 200}"), null, null, null, null, null,
				Map.of("200", new IntegrationResponse("200", null, null, null, null)));
	}

}

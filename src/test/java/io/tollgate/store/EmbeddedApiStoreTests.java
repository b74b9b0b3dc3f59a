package io.tollgate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Stage;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.store.ApiStore.ApiChange;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedApiStore}, on a real directory.
 */
class EmbeddedApiStoreTests extends ApiStoreContractTests {

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

	@Override
	protected ApiStore writer() {
		return this.store;
	}

	@Override
	protected ApiStore reader() {
		return this.store;
	}

	@Test
	void savedFileReadsBackAsAnEqualDefinition() throws IOException {
		ApiDefinition petstore = fullDefinition("petstore");
		this.store.save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		String json = Files.readString(apisDir().resolve("petstore.json"), StandardCharsets.UTF_8);
		assertThat(ModelJson.read(json)).isEqualTo(petstore);
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

	@Test
	void httpApiSurvivesARestart() {
		ApiV2Definition http = v2(this.store).save(httpApi("httpapi"), ApiStore.ABSENT).block(TIMEOUT);
		this.store.close();
		this.store = new EmbeddedApiStore(this.dataDir);
		assertThat(v2(this.store).find("httpapi").block(TIMEOUT)).isEqualTo(http);
		assertThat(this.store.findAll().collectList().block(TIMEOUT)).isEmpty();
	}

}

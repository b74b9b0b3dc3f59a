package io.tollgate.usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.tollgate.usage.TestUsage.apiKey;
import static io.tollgate.usage.TestUsage.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedUsageStore}, on a real directory.
 */
class EmbeddedUsageStoreTests extends UsageStoreContractTests {

	@TempDir
	Path dataDir;

	private EmbeddedUsageStore store;

	@BeforeEach
	void openStore() {
		this.store = new EmbeddedUsageStore(this.dataDir);
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Override
	protected UsageStore writer() {
		return this.store;
	}

	@Override
	protected UsageStore reader() {
		return this.store;
	}

	@Nested
	class Persistence {

		@Test
		void restartOnSameDirectoryKeepsKeysPlansAndMemberships() {
			ApiKey alice = create(apiKey("alice"));
			ApiKey bob = create(apiKey("bob"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			UsagePlan silver = createPlan(plan("silver", "api2:prod"));
			store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			store.createUsagePlanKey(gold.id(), bob.id()).block(TIMEOUT);
			store.createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			store.close();

			store = new EmbeddedUsageStore(dataDir);
			assertThat(store.findApiKeys().collectList().block(TIMEOUT))
				.containsExactlyElementsOf(sortedById(alice, bob));
			assertThat(store.findApiKeyByValue(bob.value()).block(TIMEOUT)).isEqualTo(bob);
			assertThat(store.findUsagePlans().collectList().block(TIMEOUT))
				.containsExactlyElementsOf(sortedPlans(gold, silver));
			assertThat(store.findUsagePlanKeys(gold.id()).collectList().block(TIMEOUT)).hasSize(2);
			assertThat(store.findUsagePlanOfStage(alice.id(), "api2", "prod").block(TIMEOUT)).isEqualTo(silver);
		}

		@Test
		void everyObjectIsOneFileAndNoTempFilesRemain() throws IOException {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			assertThat(files("api-keys")).containsExactly(alice.id() + ".json");
			assertThat(files("usage-plans")).containsExactly(gold.id() + ".json");
			assertThat(Files.readString(dataDir.resolve("usage/usage-plans/" + gold.id() + ".json")))
				.contains("\"keyIds\":[\"" + alice.id() + "\"]");
			store.deleteApiKey(alice.id()).block(TIMEOUT);
			assertThat(files("api-keys")).isEmpty();
			assertThat(Files.readString(dataDir.resolve("usage/usage-plans/" + gold.id() + ".json")))
				.contains("\"keyIds\":[]");
			store.deleteUsagePlan(gold.id()).block(TIMEOUT);
			assertThat(files("usage-plans")).isEmpty();
		}

		@Test
		void refusedWriteLeavesFilesUntouched() throws IOException {
			ApiKey alice = create(apiKey("alice"));
			Path file = dataDir.resolve("usage/api-keys/" + alice.id() + ".json");
			String before = Files.readString(file);
			StepVerifier.create(store.createApiKey(new ApiKey("otherid123", alice.value(), null, null, true, null,
					TestUsage.CREATED, TestUsage.CREATED, null, null))).expectError().verify(TIMEOUT);
			assertThat(Files.readString(file)).isEqualTo(before);
			assertThat(files("api-keys")).containsExactly(alice.id() + ".json");
		}

		@Test
		@ExtendWith(OutputCaptureExtension.class)
		void unreadableFileIsSkippedAndLoggedWithoutItsContent(CapturedOutput output) throws IOException {
			ApiKey alice = create(apiKey("alice"));
			store.close();
			String secret = "SECRETshortvalue";
			Files.writeString(dataDir.resolve("usage/api-keys/broken1234.json"), "{\"id\":\"broken1234\",\"value\":\""
					+ secret + "\",\"enabled\":true,\"createdDate\":\"2024-01-01T00:00:00Z\",\"lastUpdatedDate\":"
					+ "\"2024-01-01T00:00:00Z\"}", StandardCharsets.UTF_8);
			store = new EmbeddedUsageStore(dataDir);
			assertThat(store.findApiKeys().collectList().block(TIMEOUT)).containsExactly(alice);
			assertThat(output).contains("Skipping usage file").contains("broken1234.json").doesNotContain(secret);
		}

		@Test
		void keyOfAPlanThatNoLongerExistsIsDroppedOnStart() throws IOException {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			store.createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			store.close();
			// As a crash between rewriting the plan and deleting the key file would leave it, the other way round.
			Files.delete(dataDir.resolve("usage/api-keys/" + alice.id() + ".json"));
			store = new EmbeddedUsageStore(dataDir);
			StepVerifier.create(store.findUsagePlanKeys(gold.id())).verifyComplete();
			assertThat(store.findUsagePlan(gold.id()).block(TIMEOUT)).isEqualTo(gold);
		}

		@Test
		void leftoverTempFileFromACrashIsRemovedOnStart() throws IOException {
			ApiKey alice = create(apiKey("alice"));
			store.close();
			Path temp = dataDir.resolve("usage/api-keys/." + alice.id() + ".123.tmp");
			Files.writeString(temp, "{\"id\":");
			store = new EmbeddedUsageStore(dataDir);
			assertThat(temp).doesNotExist();
			assertThat(store.findApiKey(alice.id()).block(TIMEOUT)).isEqualTo(alice);
		}

		private Stream<String> filesStream(String dir) throws IOException {
			return Files.list(dataDir.resolve("usage").resolve(dir)).map((file) -> file.getFileName().toString());
		}

		private List<String> files(String dir) throws IOException {
			try (Stream<String> names = filesStream(dir)) {
				return names.sorted().toList();
			}
		}

	}

}

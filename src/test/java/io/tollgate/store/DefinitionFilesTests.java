package io.tollgate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tollgate.model.ApiDefinition;
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

}

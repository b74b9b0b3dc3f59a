package io.tollgate.admin.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI definitions under {@code src/test/resources/openapi}, and reading them as an import does. */
final class TestDefinitions {

	static final String API_ID = "testapi123";

	static final ImportOptions IMPORT = new ImportOptions(ImportOptions.Mode.IMPORT, false,
			ImportOptions.BasePath.IGNORE, null);

	private TestDefinitions() {
	}

	/** The text of {@code openapi/<name>}. */
	static String content(String name) {
		try (InputStream in = TestDefinitions.class.getResourceAsStream("/openapi/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No test definition openapi/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ImportedApi read(String name) {
		return read(name, IMPORT);
	}

	static ImportedApi read(String name, ImportOptions options) {
		return readContent(content(name), options);
	}

	static ImportedApi readContent(String content, ImportOptions options) {
		return OpenApiReader.read(OpenApiDocument.read(content), options, API_ID);
	}

	static ImportOptions options(ImportOptions.Mode mode, ImportOptions.BasePath basePath) {
		return new ImportOptions(mode, false, basePath, null);
	}

}

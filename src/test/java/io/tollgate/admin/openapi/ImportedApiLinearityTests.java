package io.tollgate.admin.openapi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.tollgate.model.ApiDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading and applying a definition grows linearly with its paths: ten times the paths cost about ten times the
 * CPU, where a step that copied or checked the whole API per path made it a hundred times. Measured in this
 * thread's CPU time (other work on the machine does not count) after a warm-up, best of a few rounds, with a
 * generous bound between the two.
 */
class ImportedApiLinearityTests {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final ImportOptions IMPORT = new ImportOptions(ImportOptions.Mode.IMPORT, false,
			ImportOptions.BasePath.IGNORE, null);

	@Test
	void tenTimesThePathsCostAboutTenTimesTheCpu() {
		String small = OpenApiImportScaleTests.document(500, "http://127.0.0.1:1");
		String large = OpenApiImportScaleTests.document(5_000, "http://127.0.0.1:1");
		for (int i = 0; i < 3; i++) {
			cpuNanosToImport(small, 500);
		}
		long smallNanos = Long.MAX_VALUE;
		long largeNanos = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			smallNanos = Math.min(smallNanos, cpuNanosToImport(small, 500));
			largeNanos = Math.min(largeNanos, cpuNanosToImport(large, 5_000));
		}
		// Linear is about 10; the quadratic import was over 100.
		assertThat((double) largeNanos / smallNanos).isLessThan(30);
	}

	private static long cpuNanosToImport(String content, int paths) {
		long start = THREADS.getCurrentThreadCpuTime();
		ApiDefinition api = OpenApiReader.read(OpenApiDocument.read(content), IMPORT, "scaleapi01")
			.create("scaleapi01");
		long spent = THREADS.getCurrentThreadCpuTime() - start;
		assertThat(api.resources()).hasSize(1 + 2 * paths);
		return spent;
	}

}

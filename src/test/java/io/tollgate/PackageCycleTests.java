package io.tollgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The import graph flows one way (DESIGN.md §7: model, store and redis, routing and pipeline, the steps, admin): a
 * package cycle fails the build, naming the dependencies that close it.
 */
class PackageCycleTests {

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tollgate");

	@Test
	void topLevelPackagesAreFreeOfCycles() {
		slices().matching("io.tollgate.(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
	}

}

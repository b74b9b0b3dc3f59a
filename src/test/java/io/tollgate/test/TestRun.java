package io.tollgate.test;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What fixtures shared by the whole test run (a JVM-wide server, a base class's server whose application context
 * its subclasses share) use to be released when the run ends rather than after one class.
 */
public final class TestRun {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRun.class);

	private TestRun() {
	}

	/** Closes {@code resource} once when the run ends: JUnit's root store closes what it holds. */
	public static void closeWhenItEnds(ExtensionContext context, AutoCloseable resource) {
		context.getRoot().getStore(NAMESPACE).computeIfAbsent(resource, (key) -> resource, AutoCloseable.class);
	}

}

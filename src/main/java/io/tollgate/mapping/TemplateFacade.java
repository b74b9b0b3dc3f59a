package io.tollgate.mapping;

import org.jspecify.annotations.Nullable;

/**
 * An object the engine puts in front of a template ({@code $input}, {@code $util}, the response overrides): it
 * lists the methods and properties it offers, and nothing else of it is reachable.
 */
interface TemplateFacade {

	/**
	 * The method called {@code name} taking {@code arity} arguments, or {@code null} if there is none.
	 */
	@Nullable TemplateMethod method(String name, int arity);

	/**
	 * The value of property {@code name} ({@code $input.body}), or {@code null}.
	 */
	default @Nullable Object property(String name) {
		return null;
	}

	/**
	 * Whether {@code #set($facade.name = ...)} is allowed.
	 */
	default boolean isSettable(String name) {
		return false;
	}

	default void setProperty(String name, @Nullable Object value) {
		throw new UnsupportedOperationException(name);
	}

}

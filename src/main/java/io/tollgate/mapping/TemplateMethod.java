package io.tollgate.mapping;

import org.jspecify.annotations.Nullable;

/**
 * One method a template may call, resolved by {@link AllowlistUberspector} from an explicit table rather than by
 * reflection. Implementations use {@code target}, never a captured receiver: Velocity caches a resolved method per
 * AST node and receiver class.
 */
@FunctionalInterface
interface TemplateMethod {

	@Nullable Object invoke(Object target, @Nullable Object[] args);

}

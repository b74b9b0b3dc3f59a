/**
 * From model to routes: stages and deployments compiled into Spring Cloud Gateway routes and a path tree per
 * stage, swapped atomically when the model changes, and the indexed lookup that replaces the linear scan of
 * routes.
 */
@NullMarked
package io.tollgate.routing;

import org.jspecify.annotations.NullMarked;

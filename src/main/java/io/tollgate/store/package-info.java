/**
 * Where API definitions live: the {@link io.tollgate.store.ApiStore} port with an embedded (memory + JSON files)
 * and a Redis implementation, and the loader of definition files at start.
 */
@NullMarked
package io.tollgate.store;

import org.jspecify.annotations.NullMarked;

/** Application settings ({@code tollgate.*}) and the wiring of Tollgate's parts. */
@NullMarked
package io.tollgate.config;

import org.jspecify.annotations.NullMarked;

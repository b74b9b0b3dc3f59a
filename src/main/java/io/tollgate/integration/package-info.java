/** Integrations: the gateway filters that call a method's backend (MOCK, HTTP_PROXY, ...) or answer for it. */
@NullMarked
package io.tollgate.integration;

import org.jspecify.annotations.NullMarked;

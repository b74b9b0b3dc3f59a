/**
 * Request validation: a method's request validator checks required request parameters and the body against the
 * method's model (JSON Schema draft 4) before the integration runs, answering AWS's 400s.
 */
@NullMarked
package io.tollgate.validation;

import org.jspecify.annotations.NullMarked;

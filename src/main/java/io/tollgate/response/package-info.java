/**
 * Gateway responses: AWS's error responses ({@code {"message":...}} bodies, {@code x-amzn-ErrorType}) and the
 * standard headers every response carries. Every failure on the request path ends here.
 */
@NullMarked
package io.tollgate.response;

import org.jspecify.annotations.NullMarked;

/**
 * Response compression: an API's {@code minimumCompressionSize} gzips method responses of at least that size for
 * clients that accept gzip.
 */
@NullMarked
package io.tollgate.compression;

import org.jspecify.annotations.NullMarked;

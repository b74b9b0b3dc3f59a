/**
 * What every pipeline step shares: the filter-factory SPI ({@link io.tollgate.pipeline.MethodFilterFactory}), the
 * deployed-method view, the step order, the request context ({@code $context} in AWS terms: one immutable object per
 * request, carried in the exchange attributes and read by templates, logs, metrics and the proxy event alike), the
 * request-body reader, the proxy request fields and the gateway-response error every step ends a request with.
 */
@NullMarked
package io.tollgate.pipeline;

import org.jspecify.annotations.NullMarked;

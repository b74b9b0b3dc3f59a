/**
 * The request context ({@code $context} in AWS terms): one immutable object per request, carried in the exchange
 * attributes and read by templates, logs, metrics and the proxy event alike.
 */
@NullMarked
package io.tollgate.context;

import org.jspecify.annotations.NullMarked;

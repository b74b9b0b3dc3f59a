package io.tollgate.logging;

import io.tollgate.pipeline.RequestContext;

import org.jspecify.annotations.Nullable;

/**
 * The facts of one completed request that its access log line is rendered from: the request's context and what
 * only the end of the request knows.
 *
 * @param status the response status
 * @param responseLength the response body's length in bytes; {@code -1} when unknown (a streamed response)
 * @param responseLatencyMillis {@code $context.responseLatency}: the whole request, in milliseconds
 * @param integrationLatencyMillis {@code $context.integrationLatency}; {@code null} when no integration ran
 */
public record AccessLogEntry(RequestContext context, int status, long responseLength, long responseLatencyMillis,
		@Nullable Long integrationLatencyMillis) {

}

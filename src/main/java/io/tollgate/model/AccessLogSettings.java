package io.tollgate.model;

import org.jspecify.annotations.Nullable;

/** Where and how a stage writes access logs (AWS {@code AccessLogSettings}). */
public record AccessLogSettings(@Nullable String format, @Nullable String destinationArn) {

}

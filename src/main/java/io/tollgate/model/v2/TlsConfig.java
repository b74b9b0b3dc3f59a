package io.tollgate.model.v2;

import org.jspecify.annotations.Nullable;

/** The TLS settings of a private integration (AWS {@code TlsConfig}). */
public record TlsConfig(@Nullable String serverNameToVerify) {

}

/**
 * TLS on the data port: HTTPS with a certificate per custom domain chosen by SNI (and a default certificate),
 * certificates and truststores from Spring Boot SSL bundles (PEM files, reloaded when they change), and the
 * truststores that mutual-TLS domains check client certificates against.
 */
@NullMarked
package io.tollgate.tls;

import org.jspecify.annotations.NullMarked;

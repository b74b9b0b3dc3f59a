/**
 * Custom domain names (AWS {@code DomainName}) and their API mappings: the model, its store (embedded or Redis,
 * with a change feed like the API store's), the live view the data plane resolves a request's {@code Host} and
 * base path against, and the domains' TLS (a certificate per domain chosen by SNI, mutual TLS).
 */
@NullMarked
package io.tollgate.domain;

import io.tollgate.model.DomainName;
import org.jspecify.annotations.NullMarked;

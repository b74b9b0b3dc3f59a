package io.tollgate.model;

/**
 * An API definition of any type, as the store holds it: a REST API ({@link ApiDefinition}) or an HTTP or WebSocket
 * API ({@link io.tollgate.model.v2.ApiV2Definition}). All types share one id space, since an
 * {@code {apiId}.execute-api} host names one API whatever its type, and every change raises {@link #version()}, the
 * value writes compare-and-set on.
 */
public interface VersionedApi {

	String id();

	long version();

}

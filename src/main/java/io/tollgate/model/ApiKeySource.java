package io.tollgate.model;

/** Where a method's API key comes from. */
public enum ApiKeySource {

	/** The {@code x-api-key} request header. */
	HEADER,

	/** The {@code usageIdentifierKey} returned by a Lambda authorizer. */
	AUTHORIZER

}

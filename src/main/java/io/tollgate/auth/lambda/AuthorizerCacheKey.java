package io.tollgate.auth.lambda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where an authorizer's result is cached: per API, stage and authorizer, and the identity-source values, which are
 * kept only as a SHA-256 so that no token sits in a cache key.
 */
public record AuthorizerCacheKey(String apiId, String stage, String authorizerId, String identityHash) {

	public static AuthorizerCacheKey of(String apiId, String stage, String authorizerId, List<String> identity) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String value : identity) {
				digest.update(value.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return new AuthorizerCacheKey(apiId, stage, authorizerId, HexFormat.of().formatHex(digest.digest()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** {@code {apiId}:{stage}:}, the prefix of every key of one stage. */
	static String stagePrefix(String apiId, String stage) {
		return apiId + ":" + stage + ":";
	}

	String asString() {
		return stagePrefix(this.apiId, this.stage) + this.authorizerId + ":" + this.identityHash;
	}

}

package io.tollgate.auth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import javax.crypto.Mac;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * SigV4 signing keys, derived once per access key and credential scope (a day) rather than per request, as the AWS
 * SDKs cache them, and kept as a keyed HMAC: four HMACs, the algorithm's lookup and the keying saved on every
 * request. Only scopes that passed the verifier's checks (the configured
 * region and service, a date within the clock skew) of known access keys get here, and the cache is bounded.
 * An entry remembers the secret it was derived from, so that a changed secret derives a new key.
 */
final class SigningKeys {

	/** Two scopes (days) of many access keys. */
	private static final int MAXIMUM_SIZE = 10_000;

	private final Cache<String, SigningKey> keys = Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).build();

	/**
	 * An HMAC-SHA256 keyed with the signing key of {@code secretAccessKey} for {@code authorization}'s credential
	 * scope, the caller's alone.
	 */
	Mac of(String secretAccessKey, SigV4Authorization authorization) {
		String id = authorization.accessKeyId() + "/" + authorization.scope();
		SigningKey cached = this.keys.getIfPresent(id);
		if (cached == null || !cached.derivedFrom(secretAccessKey)) {
			byte[] key = ExpectedSignature.signingKey(secretAccessKey, authorization);
			cached = new SigningKey(secretAccessKey.getBytes(StandardCharsets.UTF_8), key,
					ExpectedSignature.hmacSha256(key));
			this.keys.put(id, cached);
		}
		return cached.hmac();
	}

	/** @param keyed an HMAC keyed with {@code key}, never used itself: each caller gets a copy */
	private record SigningKey(byte[] secret, byte[] key, Mac keyed) {

		/** A copy of the keyed HMAC: cheaper than looking the algorithm up and keying a new one. */
		Mac hmac() {
			try {
				return (Mac) this.keyed.clone();
			}
			catch (CloneNotSupportedException ex) {
				// A provider whose HMAC cannot be copied: keyed anew.
				return ExpectedSignature.hmacSha256(this.key);
			}
		}

		boolean derivedFrom(String secretAccessKey) {
			return MessageDigest.isEqual(this.secret, secretAccessKey.getBytes(StandardCharsets.UTF_8));
		}

		/** Neither the secret nor the key. */
		@Override
		public String toString() {
			return "SigningKey";
		}

	}

}

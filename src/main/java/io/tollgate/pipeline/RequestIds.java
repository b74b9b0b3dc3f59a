package io.tollgate.pipeline;

import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The ids API Gateway gives each request. */
public final class RequestIds {

	private RequestIds() {
	}

	/**
	 * {@code x-amzn-RequestId}: a random (version 4) UUID, drawn without SecureRandom's cost and contention since
	 * request ids need not be secret.
	 */
	public static String requestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

	/** {@code x-amz-apigw-id}: 16 characters of base64 ending in {@code =}. */
	public static String extendedRequestId() {
		byte[] bytes = new byte[11];
		ThreadLocalRandom.current().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

}

package io.tollgate.auth.sigv4;

/**
 * The outcome of verifying a SigV4 signature: the caller's access key, or the refusal AWS answers with.
 */
public sealed interface SigV4Result permits SigV4Result.Verified, SigV4Result.Failed {

	/** The signature is valid and current; {@code accessKeyId} names the caller. */
	record Verified(String accessKeyId) implements SigV4Result {
	}

	/**
	 * The request is refused.
	 * @param errorType AWS's error code, sent as {@code x-amzn-ErrorType} ({@code InvalidSignatureException})
	 * @param message the {@code message} of the error body
	 * @param status the HTTP status (403 for every SigV4 failure)
	 */
	record Failed(String errorType, String message, int status) implements SigV4Result {

		static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
				+ "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
				+ "documentation for details.";

		/** Neither an {@code Authorization} header nor SigV4 query parameters. */
		public static Failed missingAuthenticationToken() {
			return new Failed("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
		}

		/** The signing information is malformed or incomplete. */
		public static Failed incompleteSignature(String message) {
			return new Failed("IncompleteSignatureException", message, 403);
		}

		/** The access key is not known. */
		public static Failed unrecognizedClient() {
			return new Failed("UnrecognizedClientException", "The security token included in the request is invalid.",
					403);
		}

		/** The temporary credentials' session has expired. */
		public static Failed expiredToken() {
			return new Failed("ExpiredTokenException", "The security token included in the request is expired", 403);
		}

		/** The signature does not match, is out of date or is scoped to another region or service. */
		public static Failed invalidSignature(String message) {
			return new Failed("InvalidSignatureException", message, 403);
		}

		static Failed signatureMismatch() {
			return invalidSignature(SIGNATURE_MISMATCH);
		}

	}

}

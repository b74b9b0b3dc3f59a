package io.tollgate.model;

/**
 * A change or definition the model refuses, carrying the AWS error type ({@code BadRequestException},
 * {@code NotFoundException}, {@code ConflictException}) and the HTTP status AWS answers with.
 */
public abstract sealed class ApiModelException extends RuntimeException
		permits ApiModelException.BadRequest, ApiModelException.NotFound, ApiModelException.Conflict,
		ApiModelException.Other {

	private final int status;

	private final String errorType;

	ApiModelException(int status, String errorType, String message) {
		super(message, null, false, false);
		this.status = status;
		this.errorType = errorType;
	}

	public int status() {
		return this.status;
	}

	/** AWS's error code, sent as {@code x-amzn-ErrorType}. */
	public String errorType() {
		return this.errorType;
	}

	public static BadRequest badRequest(String message) {
		return new BadRequest(message);
	}

	public static NotFound notFound(String message) {
		return new NotFound(message);
	}

	public static Conflict conflict(String message) {
		return new Conflict(message);
	}

	/** Any other error AWS's management API answers with, such as 403 {@code InvalidSignatureException}. */
	public static ApiModelException of(int status, String errorType, String message) {
		return new Other(status, errorType, message);
	}

	public static final class Other extends ApiModelException {

		Other(int status, String errorType, String message) {
			super(status, errorType, message);
		}

	}

	public static final class BadRequest extends ApiModelException {

		BadRequest(String message) {
			super(400, "BadRequestException", message);
		}

	}

	public static final class NotFound extends ApiModelException {

		NotFound(String message) {
			super(404, "NotFoundException", message);
		}

	}

	public static final class Conflict extends ApiModelException {

		Conflict(String message) {
			super(409, "ConflictException", message);
		}

	}

}

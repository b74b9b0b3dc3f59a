package io.tollgate.function;

/** The Invoke API failed: the function could not be found or called, or the Lambda service answered an error. */
public class FunctionInvocationException extends RuntimeException {

	private final int statusCode;

	public FunctionInvocationException(String message, int statusCode, Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
	}

	/** The Invoke API's HTTP status, or 0 when no response arrived. */
	public int statusCode() {
		return this.statusCode;
	}

}

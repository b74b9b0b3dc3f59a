package io.tollgate.function;

/** The invocation did not complete within its timeout. */
public class FunctionTimeoutException extends RuntimeException {

	public FunctionTimeoutException(String function, java.time.Duration timeout, Throwable cause) {
		super("Invocation of " + function + " timed out after " + timeout.toMillis() + " ms", cause);
	}

}

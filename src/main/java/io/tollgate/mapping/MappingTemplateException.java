package io.tollgate.mapping;

/**
 * A mapping template that could not be rendered: refused by the sandbox, over a limit, or invalid. The message is
 * safe to log: it never quotes the template or the request, only what went wrong and where (line and column).
 */
public final class MappingTemplateException extends RuntimeException {

	MappingTemplateException(String message) {
		super(message, null, false, false);
	}

	MappingTemplateException(String message, Throwable cause) {
		// The cause is kept for operators' stack traces; its own message may quote template text, so ours never does.
		super(message, cause, false, false);
	}

}

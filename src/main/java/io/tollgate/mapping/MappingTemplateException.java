package io.tollgate.mapping;

import org.jspecify.annotations.Nullable;

/**
 * A mapping template that could not be rendered: refused by the sandbox, over a limit, or invalid. The message is
 * safe to log: it never quotes the template or the request, only what went wrong and where (line and column).
 */
public final class MappingTemplateException extends RuntimeException {

	private final @Nullable String invalidJson;

	MappingTemplateException(String message) {
		this(message, null, null);
	}

	MappingTemplateException(String message, Throwable cause) {
		this(message, cause, null);
	}

	private MappingTemplateException(String message, @Nullable Throwable cause, @Nullable String invalidJson) {
		// The cause is kept for operators' stack traces; its own message may quote template text, so ours never does.
		super(message, cause, false, false);
		this.invalidJson = invalidJson;
	}

	/** The template read text as JSON ({@code $input.json}, {@code $input.path}, {@code $util.parseJson}) and it is not. */
	static MappingTemplateException invalidJson(String what) {
		return new MappingTemplateException("Mapping template was given " + what, null, what);
	}

	/**
	 * Whether the render failed because what the template read as JSON is not JSON: the client's fault when it is
	 * a method request's body (AWS answers 400 "Could not parse request body into json").
	 */
	public boolean isInvalidBody() {
		return this.invalidJson != null;
	}

	/** What is wrong with the JSON and where ({@code invalid JSON (line 1, column 3)}); never quotes it. */
	public String jsonProblem() {
		return (this.invalidJson != null) ? this.invalidJson : getMessage();
	}

}

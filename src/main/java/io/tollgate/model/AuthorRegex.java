package io.tollgate.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The regular expressions API authors write (an integration response's {@code selectionPattern}, an authorizer's
 * {@code identityValidationExpression}, a model's {@code pattern}), compiled with RE2/J: matching takes time linear
 * in the input, so no pattern and no client value can make the gateway backtrack (Java's engine needs seconds for
 * {@code ^(.*?,){11}P} against 60 bytes). RE2 syntax is Java's without backreferences and lookaround.
 */
public final class AuthorRegex {

	private AuthorRegex() {
	}

	/**
	 * The compiled pattern.
	 * @param regex the author's expression
	 * @param flags RE2/J flags ({@link Pattern#DOTALL}, ...)
	 * @param what how AWS names the field in its error, e.g. {@code selection pattern}
	 * @throws ApiModelException a 400 {@code BadRequestException} when it is no RE2 expression
	 */
	public static Pattern compile(String regex, int flags, String what) {
		try {
			return Pattern.compile(regex, flags);
		}
		catch (PatternSyntaxException ex) {
			throw ApiModelException.badRequest("Invalid " + what + " specified: " + regex);
		}
	}

	/** Refuses (400) an expression that does not compile; see {@link #compile(String, int, String)}. */
	public static void check(String regex, String what) {
		compile(regex, 0, what);
	}

}

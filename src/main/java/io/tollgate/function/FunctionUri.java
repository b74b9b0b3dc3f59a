package io.tollgate.function;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The function an API Gateway Lambda URI names:
 * {@code arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations}, the form of
 * authorizer URIs and of AWS and AWS_PROXY integration URIs.
 */
public final class FunctionUri {

	private static final Pattern LAMBDA_PATH = Pattern
		.compile("^arn:aws[a-zA-Z-]*:apigateway:[^:]*:lambda:path/2015-03-31/functions/(.+)/invocations$");

	private FunctionUri() {
	}

	/** The function ARN or name inside {@code uri}; {@code null} when {@code uri} does not name a Lambda function. */
	public static @Nullable String functionOf(@Nullable String uri) {
		if (uri == null) {
			return null;
		}
		Matcher matcher = LAMBDA_PATH.matcher(uri);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/**
	 * The function HTTP APIs name by its ARN ({@code arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]})
	 * or by API Gateway's invocation URI (aws-behavior-v2 §A.1.4); {@code null} for neither.
	 */
	public static @Nullable String functionOfArnOrUri(@Nullable String uri) {
		if (uri != null && uri.startsWith("arn:") && uri.contains(":lambda:") && uri.contains(":function:")
				&& !uri.contains(":apigateway:")) {
			return uri;
		}
		return functionOf(uri);
	}

}

package io.tollgate.response;

import java.nio.charset.StandardCharsets;

import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * HTTP APIs' error table (aws-behavior-v2 §A.9), which is not REST APIs': no gateway responses to customise, Title
 * Case texts ({@code {"message":"Not Found"}}, {@code "Internal Server Error"}, {@code "Service Unavailable"}), and
 * only {@code apigw-requestid} besides {@code Date} and {@code Content-Length}: no {@code Content-Type}, no
 * {@code x-amzn-ErrorType}, no {@code x-amzn-RequestId} (§A.0's raw captures). A header the error carries (the JWT
 * authorizer's {@code www-authenticate}) is added.
 */
public final class HttpApiErrors {

	/** The request id header of every HTTP API response. */
	public static final String REQUEST_ID_HEADER = "apigw-requestid";

	private HttpApiErrors() {
	}

	/**
	 * The status and text of {@code error} on an HTTP API.
	 * @param status the response status
	 * @param message the {@code message} of the body
	 */
	public record Error(int status, String message) {

		String body() {
			return GatewayResponseRenderer.defaultBody(this.message);
		}

	}

	public static Error of(GatewayResponseException error) {
		int status = (error.statusOverride() != null) ? error.statusOverride() : status(error.type());
		if (status == HttpStatus.BAD_REQUEST.value() && error.responseMessage() != null) {
			// The reason a request was refused (a malformed path, a control character bound for a header).
			return new Error(status, error.responseMessage());
		}
		return new Error(status, text(status));
	}

	private static int status(GatewayResponseType type) {
		return switch (type) {
			// No stage or route: what REST APIs call a missing authentication token.
			case RESOURCE_NOT_FOUND -> 404;
			case UNAUTHORIZED -> 401;
			// An unsigned request to an AWS_IAM route.
			case MISSING_AUTHENTICATION_TOKEN, ACCESS_DENIED, DEFAULT_4XX, INVALID_SIGNATURE, EXPIRED_TOKEN, INVALID_API_KEY, WAF_FILTERED -> 403;
			case THROTTLED, QUOTA_EXCEEDED -> 429;
			case INTEGRATION_TIMEOUT -> 503;
			case REQUEST_TOO_LARGE -> 413;
			case BAD_REQUEST_BODY, BAD_REQUEST_PARAMETERS -> 400;
			case UNSUPPORTED_MEDIA_TYPE -> 415;
			case API_CONFIGURATION_ERROR, AUTHORIZER_CONFIGURATION_ERROR, AUTHORIZER_FAILURE, DEFAULT_5XX,
					INTEGRATION_FAILURE -> 500;
		};
	}

	/** The Title Case reason phrase; AWS keeps the older name of 413. */
	private static String text(int status) {
		if (status == 413) {
			return "Request Entity Too Large";
		}
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Internal Server Error";
	}

	/** Answers the exchange with {@code error}. */
	public static Mono<Void> render(ServerWebExchange exchange, GatewayResponseException error) {
		Error rendered = of(error);
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		headers.clear();
		error.headers().forEach((name, value) -> {
			if (HeaderValues.isSafe(name, value)) {
				headers.set(name, value);
			}
		});
		response.setStatusCode(HttpStatusCode.valueOf(rendered.status()));
		byte[] body = rendered.body().getBytes(StandardCharsets.UTF_8);
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}

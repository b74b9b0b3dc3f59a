package io.tollgate.admin;

import java.util.Map;

import io.tollgate.model.ApiModelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * Renders every failure of a management call as AWS does: the status, {@code x-amzn-ErrorType} naming the error
 * and a {@code {"message": ...}} body, which the AWS SDKs turn into their typed exceptions. Never a stack trace.
 */
final class AdminErrors implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

	private static final Log logger = LogFactory.getLog(AdminErrors.class);

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return Mono.defer(() -> next.handle(request)).onErrorResume((ex) -> render(request, ex));
	}

	static Mono<ServerResponse> render(ServerRequest request, Throwable error) {
		if (error instanceof ApiModelException refused) {
			return error(refused.status(), refused.errorType(), refused.getMessage());
		}
		if (error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
			return error(status.getStatusCode().value(), "BadRequestException",
					(status.getReason() != null) ? status.getReason() : "Invalid request");
		}
		logger.error("Management call " + request.method() + " " + request.path() + " failed", error);
		return error(HttpStatus.INTERNAL_SERVER_ERROR.value(), "InternalFailure", "Internal server error");
	}

	static Mono<ServerResponse> error(int status, String errorType, String message) {
		return ServerResponse.status(status)
			.header(ERROR_TYPE_HEADER, errorType)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(AdminJson.mapper().writeValueAsString(Map.of("message", message)));
	}

}

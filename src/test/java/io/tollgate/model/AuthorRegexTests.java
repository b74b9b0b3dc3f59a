package io.tollgate.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * API authors' regular expressions against hostile values, through a running gateway: a catastrophic-backtracking
 * pattern ({@code ^(.*?,){11}P}, seconds per 60-byte value on Java's engine) in a model's {@code pattern} and in a
 * TOKEN authorizer's {@code identityValidationExpression} answers at once, and unrelated requests stay fast.
 */
class AuthorRegexTests extends BaseGatewayTests {

	private static final String CATASTROPHIC = "^(.*?,){11}P";

	/** Sixty bytes that almost match: Java's backtracking engine needs seconds to give up. */
	private static final String HOSTILE = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24";

	@BeforeEach
	void serveApi() {
		String schema = "{\"type\": \"object\", \"properties\": {\"csv\": {\"type\": \"string\", \"pattern\": \""
				+ CATASTROPHIC + "\"}}}";
		Method validated = new Method("POST", AuthorizationType.NONE, null, false, null, "body", null,
				Map.of("application/json", "Csv"), null, null, mock("{\"ok\": true}"));
		Method guarded = new Method("GET", AuthorizationType.CUSTOM, "auth000001", false, null, null, null, null,
				null, null, mock("{\"ok\": true}"));
		ApiDefinition api = withMethod(TestApis.api("regex"), "/csv", validated);
		api = withMethod(api, "/guarded", guarded);
		api = withMethod(api, "/ping", TestApis.method("GET", mock("{\"pong\": true}")));
		api = api.withComponents(new ApiComponents(
				Map.of("auth000001", new Authorizer("auth000001", "tokens", AuthorizerType.TOKEN, null, null,
						"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/never-called/invocations",
						null, "method.request.header.Authorization", CATASTROPHIC, 0)),
				Map.of("body", new RequestValidator("body", "body", true, false)),
				Map.of("csv", new Model("csv", "Csv", null, schema, "application/json")), null));
		serve(deploy(api, "d1", "prod", Map.of()));
	}

	@Test
	void catastrophicModelPatternAnswersAtOnceWhileOtherRequestsStayFast() throws Exception {
		// The first request compiles the model's schema; on a loaded machine that alone may take a second. A
		// backtracking engine would still need seconds for every request timed below. The ping method's first
		// request is not timed either (its route's first use took 1.6 s on a loaded machine).
		postHostileCsv();
		ping();
		CompletableFuture<List<Long>> pings = pingLatencies();
		List<Duration> latencies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			postHostileCsv();
			latencies.add(Duration.ofNanos(System.nanoTime() - start));
		}
		assertThat(median(latencies)).isLessThan(Duration.ofSeconds(1));
		assertThat(pings.get(30, TimeUnit.SECONDS)).allSatisfy(
				(millis) -> assertThat(millis).as("ping latency (ms)").isLessThan(1000));
	}

	@Test
	void catastrophicIdentityValidationExpressionAnswersAtOnce() {
		List<Duration> latencies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			this.client.get().uri("/restapis/regex/prod/_user_request_/guarded")
				.header("Authorization", HOSTILE)
				.exchange()
				.expectStatus().isUnauthorized()
				.expectBody().json("{\"message\":\"Unauthorized\"}", true);
			latencies.add(Duration.ofNanos(System.nanoTime() - start));
		}
		assertThat(median(latencies)).isLessThan(Duration.ofSeconds(1));
	}

	/**
	 * The median of requests that each would take seconds on a backtracking engine: one request stalled by a loaded
	 * machine (a GC pause, a busy core) does not decide it.
	 */
	private static Duration median(List<Duration> latencies) {
		return latencies.stream().sorted().toList().get(latencies.size() / 2);
	}

	@Test
	void expressionsOutsideRe2SyntaxAreRefusedAsBadRequests() {
		assertThatExceptionOfType(ApiModelException.class)
			.isThrownBy(() -> AuthorRegex.check("(a)\\1", "selection pattern"))
			.withMessage("Invalid selection pattern specified: (a)\\1");
		assertThat(AuthorRegex.compile("4\\d{2}", 0, "selection pattern").matches("404")).isTrue();
	}

	private void postHostileCsv() {
		this.client.post().uri("/restapis/regex/prod/_user_request_/csv")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"csv\": \"" + HOSTILE + "\"}")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().json("{\"message\":\"Invalid request body\"}", true);
	}

	private void ping() {
		this.client.get().uri("/restapis/regex/prod/_user_request_/ping").exchange().expectStatus().isOk();
	}

	/** Latencies of unrelated requests sent one after another for about two seconds. */
	private CompletableFuture<List<Long>> pingLatencies() {
		return CompletableFuture.supplyAsync(() -> {
			List<Long> latencies = new ArrayList<>();
			long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (System.nanoTime() < end) {
				long start = System.nanoTime();
				ping();
				latencies.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
			}
			return latencies;
		});
	}

}

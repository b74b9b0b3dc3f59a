package io.tollgate.cors;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS as HTTP APIs apply it (aws-behavior-v2 §A.7). */
class CorsRulesTests {

	private static final CorsRules RULES = new CorsRules(List.of("https://app.example.com", "http://*"), false,
			List.of("authorization", "content-type"), List.of("GET", "POST"), List.of("x-total"), 300);

	@Test
	void onlyAnOptionsRequestWithOriginAndRequestMethodIsAPreflight() {
		assertThat(CorsRules.isPreflight(MockServerHttpRequest.options("/pets")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.build())).isTrue();
		assertThat(CorsRules.isPreflight(MockServerHttpRequest.options("/pets")
			.header("Origin", "https://app.example.com")
			.build())).isFalse();
		assertThat(CorsRules.isPreflight(MockServerHttpRequest.get("/pets")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "GET")
			.build())).isFalse();
	}

	@Test
	void preflightOfAnAllowedOrigin() {
		HttpHeaders response = new HttpHeaders();
		RULES.preflight(MockServerHttpRequest.options("/pets").header("Origin", "https://app.example.com").build(),
				response);
		assertThat(response.getFirst(CorsRules.ALLOW_ORIGIN)).isEqualTo("https://app.example.com");
		assertThat(response.getFirst(CorsRules.ALLOW_METHODS)).isEqualTo("GET,POST");
		assertThat(response.getFirst(CorsRules.ALLOW_HEADERS)).isEqualTo("authorization,content-type");
		assertThat(response.getFirst(CorsRules.MAX_AGE)).isEqualTo("300");
		assertThat(response.containsHeader(CorsRules.ALLOW_CREDENTIALS)).isFalse();
	}

	@Test
	void prefixWildcardOrigins() {
		assertThat(RULES.allowedOrigin("http://localhost:3000")).isEqualTo("http://localhost:3000");
		assertThat(RULES.allowedOrigin("https://evil.example.com")).isNull();
	}

	@Test
	void starWithCredentialsEchoesTheOrigin() {
		CorsRules star = new CorsRules(List.of("*"), false, List.of(), List.of(), List.of(), null);
		CorsRules credentials = new CorsRules(List.of("*"), true, List.of(), List.of(), List.of(), null);
		assertThat(star.allowedOrigin("https://a.example")).isEqualTo("*");
		assertThat(credentials.allowedOrigin("https://a.example")).isEqualTo("https://a.example");
	}

	@Test
	void actualResponsesLoseTheIntegrationsCorsHeaders() {
		HttpHeaders response = new HttpHeaders();
		response.set("Access-Control-Allow-Origin", "*");
		response.set("Access-Control-Allow-Methods", "DELETE");
		response.set("x-other", "kept");
		RULES.actual(MockServerHttpRequest.get("/pets").header("Origin", "https://app.example.com").build(), response);
		assertThat(response.get(CorsRules.ALLOW_ORIGIN)).containsExactly("https://app.example.com");
		assertThat(response.containsHeader("Access-Control-Allow-Methods")).isFalse();
		assertThat(response.getFirst(CorsRules.EXPOSE_HEADERS)).isEqualTo("x-total");
		assertThat(response.getFirst("x-other")).isEqualTo("kept");
		HttpHeaders disallowed = new HttpHeaders();
		disallowed.set("Access-Control-Allow-Origin", "*");
		RULES.actual(MockServerHttpRequest.get("/pets").header("Origin", "https://evil.example").build(), disallowed);
		assertThat(disallowed.containsHeader(CorsRules.ALLOW_ORIGIN)).isFalse();
	}

}

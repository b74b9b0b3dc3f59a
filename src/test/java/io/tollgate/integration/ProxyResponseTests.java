package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lambda proxy response rules AWS applies (aws-behavior.md §10.5). */
class ProxyResponseTests {

	private static ProxyResponse parse(String json) {
		return ProxyResponse.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void statusCodeOnlyIsThatStatusWithEmptyBody() {
		ProxyResponse response = parse("{\"statusCode\":200}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers()).isEmpty();
	}

	@Test
	void numericStringStatusIsAccepted() {
		assertThat(parse("{\"statusCode\":\"201\"}").statusCode()).isEqualTo(201);
	}

	@Test
	void missingStatusIsOk() {
		assertThat(parse("{\"headers\":{\"test-header\":\"value\"}}").statusCode()).isEqualTo(200);
	}

	@Test
	void scalarHeaderValuesBecomeText() {
		assertThat(parse("{\"headers\":{\"flag\":true,\"n\":3}}").headers()).containsEntry("flag", List.of("true"))
			.containsEntry("n", List.of("3"));
	}

	@Test
	void nullHeadersAreAccepted() {
		assertThat(parse("{\"statusCode\":200,\"headers\":null,\"multiValueHeaders\":null,\"body\":null}"))
			.isNotNull();
	}

	@Test
	void singleHeaderJoinsMultiValueHeaderOfSameNameUnderItsCasing() {
		ProxyResponse response = parse("{\"multiValueHeaders\":{\"tesT-Multi\":[\"value-multi\"]},"
				+ "\"headers\":{\"test-multi\":\"value-solo\"}}");
		assertThat(response.headers()).containsOnlyKeys("tesT-Multi");
		assertThat(response.headers().get("tesT-Multi")).containsExactly("value-multi", "value-solo");
	}

	@Test
	void base64FlagIsRead() {
		assertThat(parse("{\"body\":\"dGVzdA==\",\"isBase64Encoded\":true}").base64Encoded()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"statusCode\":200,\"wrongValue\":\"value\"}", "{}", "\"justAString\"",
			"{\"statusCode\":\"test\"}", "{\"statusCode\":1000}", "{\"multiValueHeaders\":{\"a\":\"notAList\"}}",
			"{\"headers\":{\"a\":{\"nested\":1}}}", "{\"body\":{\"an\":\"object\"}}", "{\"isBase64Encoded\":\"yes\"}",
			"[1,2]", "not json", "" })
	void malformedResponsesAreRefused(String payload) {
		assertThat(parse(payload)).isNull();
	}

}

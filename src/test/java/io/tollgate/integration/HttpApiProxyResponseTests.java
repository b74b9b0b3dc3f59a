package io.tollgate.integration;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Payload format 2.0 response inference (aws-behavior-v2 §A.4.1). */
class HttpApiProxyResponseTests {

	private static HttpApiProxyResponse parse(String json) {
		return HttpApiProxyResponse.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String body(HttpApiProxyResponse response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	@Test
	void objectWithStatusCodeIsStructured() {
		HttpApiProxyResponse response = parse("{\"statusCode\":201,\"headers\":{\"x-a\":\"1\",\"x-n\":2},"
				+ "\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"body\":\"created\",\"extra\":true}");
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers()).containsEntry("x-a", List.of("1"))
			.containsEntry("x-n", List.of("2"))
			.containsEntry("Set-Cookie", List.of("a=1; Path=/", "b=2"));
		assertThat(body(response)).isEqualTo("created");
	}

	@Test
	void objectWithoutStatusCodeIsA200WithTheObjectAsJson() {
		HttpApiProxyResponse response = parse("{\"body\":\"hi\", \"message\": \"x\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response)).isEqualTo("{\"body\":\"hi\",\"message\":\"x\"}");
	}

	@Test
	void stringIsItsContentWithoutQuotes() {
		assertThat(body(parse("\"Hello from Lambda!\""))).isEqualTo("Hello from Lambda!");
	}

	@Test
	void numbersBooleansAndArraysAreTheirJson() {
		assertThat(body(parse("3"))).isEqualTo("3");
		assertThat(body(parse("true"))).isEqualTo("true");
		assertThat(body(parse("[\"hello\", 3, true]"))).isEqualTo("[\"hello\",3,true]");
	}

	@Test
	void base64BodyIsDecoded() {
		HttpApiProxyResponse response = parse("{\"statusCode\":200,\"body\":\"AQID\",\"isBase64Encoded\":true}");
		assertThat(response.body()).containsExactly(1, 2, 3);
	}

	@Test
	void absentBodyIsEmpty() {
		assertThat(parse("{\"statusCode\":204}").body()).isEmpty();
	}

	@Test
	void invalidResultsAreRefused() {
		assertThat(parse("not json")).isNull();
		assertThat(parse("{\"statusCode\":\"abc\"}")).isNull();
		assertThat(parse("{\"statusCode\":99}")).isNull();
		assertThat(parse("{\"statusCode\":200,\"cookies\":\"a=1\"}")).isNull();
		assertThat(parse("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}")).isNull();
	}

}

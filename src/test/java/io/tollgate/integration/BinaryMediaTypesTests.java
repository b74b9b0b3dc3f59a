package io.tollgate.integration;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryMediaTypesTests {

	private final BinaryMediaTypes types = BinaryMediaTypes.of(List.of("image/png", "application~1octet-stream",
			"audio/*"));

	@Test
	void contentTypeMatchesExactAndWildcardEntries() {
		assertThat(this.types.matchesContentType(request(HttpHeaders.CONTENT_TYPE, "image/png"))).isTrue();
		assertThat(this.types.matchesContentType(request(HttpHeaders.CONTENT_TYPE, "application/octet-stream")))
			.isTrue();
		assertThat(this.types.matchesContentType(request(HttpHeaders.CONTENT_TYPE, "audio/mpeg"))).isTrue();
		assertThat(this.types.matchesContentType(request(HttpHeaders.CONTENT_TYPE, "application/json"))).isFalse();
	}

	@Test
	void onlyTheFirstAcceptTypeCountsAndWildcardsThereDoNotMatch() {
		assertThat(this.types.matchesAccept(request(HttpHeaders.ACCEPT, "image/png, text/html"))).isTrue();
		assertThat(this.types.matchesAccept(request(HttpHeaders.ACCEPT, "text/html, image/png"))).isFalse();
		assertThat(this.types.matchesAccept(request(HttpHeaders.ACCEPT, "*/*"))).isFalse();
		assertThat(this.types.matchesAccept(request(HttpHeaders.ACCEPT, "image/*"))).isFalse();
	}

	@Test
	void noTypesMatchesNothing() {
		assertThat(BinaryMediaTypes.of(List.of()).matchesContentType(request(HttpHeaders.CONTENT_TYPE, "image/png")))
			.isFalse();
	}

	private static MockServerHttpRequest request(String header, String value) {
		return MockServerHttpRequest.get("/").header(header, value).build();
	}

}

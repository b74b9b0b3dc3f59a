package io.tollgate.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class CachedResponseCodecTests {

	@Test
	void responseSurvivesTheRoundTrip() {
		CachedResponse response = new CachedResponse(201,
				List.of(new CachedResponse.Header("Content-Type", List.of("application/json")),
						new CachedResponse.Header("X-Many", List.of("a", "b"))),
				"{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
		CachedResponse decoded = CachedResponseCodec.decode(CachedResponseCodec.encode(response));
		assertThat(decoded).isNotNull();
		assertThat(decoded.status()).isEqualTo(201);
		assertThat(decoded.headers()).isEqualTo(response.headers());
		assertThat(decoded.body()).isEqualTo(response.body());
	}

	@Test
	void unknownBytesReadAsNoResponse() {
		assertThat(CachedResponseCodec.decode(new byte[] { 9, 1, 2 })).isNull();
		assertThat(CachedResponseCodec.decode(new byte[0])).isNull();
	}

	@Test
	void headersThatMustNotBeReplayedAreNotKept() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("Content-Type", "text/plain");
		headers.add("Set-Cookie", "session=1");
		headers.add("Connection", "keep-alive");
		headers.add("Transfer-Encoding", "chunked");
		headers.add("x-amzn-RequestId", "r1");
		headers.add("Date", "now");
		headers.add("x-amzn-Remapped-Server", "backend");
		assertThat(CachedResponse.of(200, headers, new byte[0]).headers()).extracting(CachedResponse.Header::name)
			.containsExactly("Content-Type", "x-amzn-Remapped-Server");
	}

}

package io.tollgate.cache;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.auth.AuthorizationTestSupport;
import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.TestSignedRequests;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Cache-Control: max-age=0} on an {@code AWS_IAM} method: the caller's IAM policy decides whether it may
 * invalidate ({@code execute-api:InvalidateCache} on the method ARN).
 */
class ResponseCacheInvalidationTests extends AuthorizationTestSupport {

	@RegisterExtension
	static final CountingBackend backend = new CountingBackend();

	@BeforeEach
	void serveCachedIamApi() {
		ApiDefinition api = TestApis.withMethod(TestApis.api("cacheiam"), "/items", authorized("GET",
				AuthorizationType.AWS_IAM, null, List.of(), ResponseCacheIntegrationTests.proxy(backend.url() + "/items",
						List.of())));
		serve(api.withDeployment("d1", null)
			.withStage(new Stage("prod", "d1", null, null,
					Map.of(MethodSetting.ALL_METHODS, ResponseCacheIntegrationTests.ttl(300)), true, "0.5", null,
					false, null, null, null, null)));
	}

	@Test
	void callerAllowedToInvalidateCacheRefreshesTheEntry() {
		int first = ResponseCacheIntegrationTests.call(signed(BOB_KEY, BOB_SECRET, null));
		// The management credentials are an identity allowed everything, execute-api:InvalidateCache included.
		EntityExchangeResult<String> refreshed = signed(ACCESS_KEY_ID, SECRET_ACCESS_KEY, "max-age=0");
		assertThat(ResponseCacheIntegrationTests.call(refreshed)).isGreaterThan(first);
		assertThat(refreshed.getResponseHeaders().containsHeader(HttpHeaders.WARNING)).isFalse();
		assertThat(ResponseCacheIntegrationTests.call(signed(BOB_KEY, BOB_SECRET, null)))
			.isEqualTo(ResponseCacheIntegrationTests.call(refreshed));
	}

	@Test
	void callerAllowedOnlyToInvokeIsServedFromTheCacheWithAWarning() {
		int first = ResponseCacheIntegrationTests.call(signed(BOB_KEY, BOB_SECRET, null));
		EntityExchangeResult<String> ignored = signed(BOB_KEY, BOB_SECRET, "no-cache, max-age=0");
		assertThat(ignored.getStatus().value()).isEqualTo(200);
		assertThat(ResponseCacheIntegrationTests.call(ignored)).isEqualTo(first);
		assertThat(ignored.getResponseHeaders().getFirst(HttpHeaders.WARNING))
			.isEqualTo(ResponseCacheFilter.WARNING);
	}

	private EntityExchangeResult<String> signed(String key, String secret, String cacheControl) {
		TestSignedRequests.Signing signing = TestSignedRequests
			.request("GET", "http://127.0.0.1:" + this.port + "/restapis/cacheiam/prod/_user_request_/items")
			.credentials(key, secret)
			.scope("execute-api", "us-east-1")
			.signedAt(Instant.now());
		if (cacheControl != null) {
			signing = signing.header(HttpHeaders.CACHE_CONTROL, cacheControl);
		}
		SigV4Request request = signing.sign();
		String query = (request.rawQuery() != null) ? "?" + request.rawQuery() : "";
		return this.client.method(HttpMethod.valueOf(request.method()))
			.uri(URI.create("http://127.0.0.1:" + this.port + request.rawPath() + query))
			.headers((headers) -> request.headers().forEach((name, values) -> {
				if (!name.equalsIgnoreCase(HttpHeaders.HOST)) {
					headers.put(name, values);
				}
			}))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}

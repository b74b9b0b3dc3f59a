package io.tollgate.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Stage;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage cache through a running gateway, against a backend that counts its calls: hits never reach it.
 */
@Import(ResponseCacheIntegrationTests.CacheClock.class)
class ResponseCacheIntegrationTests extends BaseAdminTests {

	@RegisterExtension
	static final CountingBackend backend = new CountingBackend();

	static final FakeTicker ticker = new FakeTicker();

	private static final AtomicInteger apiIds = new AtomicInteger();

	private static final Pattern CALL = Pattern.compile("\"call\":(\\d+)");

	@Autowired
	MeterRegistry meters;

	private WebTestClient gateway;

	@BeforeEach
	void bindGateway() {
		// Room for the bodies over the entry limit.
		this.gateway = this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CacheClock {

		@Bean(ResponseCacheConfiguration.TICKER_BEAN)
		Ticker responseCacheTicker() {
			return ticker;
		}

	}

	@Nested
	class HitsAndMisses {

		@Test
		void secondGetIsServedFromTheCacheWithoutCallingTheBackend() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			EntityExchangeResult<String> first = get(api, "/items");
			int calls = backend.calls();
			EntityExchangeResult<String> second = get(api, "/items");

			assertThat(backend.calls()).isEqualTo(calls);
			assertThat(second.getStatus().value()).isEqualTo(200);
			assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
			assertThat(second.getResponseHeaders().getFirst("X-Backend-Call"))
				.isEqualTo(first.getResponseHeaders().getFirst("X-Backend-Call"));
			assertThat(second.getResponseHeaders().getContentType().toString()).isEqualTo("application/json");
			assertThat(second.getResponseHeaders().getFirst("x-amzn-RequestId")).isNotNull()
				.isNotEqualTo(first.getResponseHeaders().getFirst("x-amzn-RequestId"));
			assertThat(meter(MeterNames.CACHE_HITS, api)).isEqualTo(1.0);
			assertThat(meter(MeterNames.CACHE_MISSES, api)).isEqualTo(1.0);
		}

		@Test
		void setCookieIsNeverReplayedFromTheCache() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			assertThat(get(api, "/items").getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)).isNotNull();
			assertThat(get(api, "/items").getResponseHeaders().containsHeader(HttpHeaders.SET_COOKIE)).isFalse();
		}

		@Test
		void entryExpiresAfterItsTtl() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			// The entry is stored as its response goes out, so it may land a moment after the client has it: the
			// clock moves on only once a request at this instant is a hit, so that the entry was written now.
			AtomicInteger stored = new AtomicInteger(call(get(api, "/items")));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> stored.getAndSet(call(get(api, "/items"))) == stored.get());
			int first = stored.get();
			ticker.advance(Duration.ofSeconds(59));
			assertThat(call(get(api, "/items"))).isEqualTo(first);
			ticker.advance(Duration.ofSeconds(2));
			assertThat(call(get(api, "/items"))).isGreaterThan(first);
		}

		@Test
		void mockIntegrationResponsesAreCachedToo() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			assertThat(get(api, "/mock").getResponseBody()).isEqualTo(get(api, "/mock").getResponseBody());
		}

		@Test
		void nothingIsCachedWhenTheStageCacheClusterIsDisabled() {
			String api = serveApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)), false);
			int first = call(get(api, "/items"));
			assertThat(call(get(api, "/items"))).isGreaterThan(first);
		}

		@Test
		void ttlOfZeroDisablesCaching() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(0)));
			int first = call(get(api, "/items"));
			assertThat(call(get(api, "/items"))).isGreaterThan(first);
		}

		@Test
		void postIsCachedOnlyWhenItsOwnMethodSettingEnablesCaching() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			int first = call(post(api, "/items"));
			assertThat(call(post(api, "/items"))).isGreaterThan(first);

			String enabled = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60), "items/POST",
					new MethodSetting(null, null, null, null, null, true, null, null, null, null)));
			int cached = call(post(enabled, "/items"));
			assertThat(call(post(enabled, "/items"))).isEqualTo(cached);
		}

	}

	@Nested
	class Keys {

		@Test
		void onlyTheCacheKeyParametersSelectTheEntry() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			int first = call(get(api, "/keyed/1?color=red", "X-Tenant", "a"));
			// Other query parameters and headers are not part of the key, as in AWS.
			assertThat(call(get(api, "/keyed/1?color=red&noise=1", "X-Tenant", "a", "X-Other", "z"))).isEqualTo(first);
			assertThat(call(get(api, "/keyed/2?color=red", "X-Tenant", "a"))).isGreaterThan(first);
			assertThat(call(get(api, "/keyed/1?color=blue", "X-Tenant", "a"))).isGreaterThan(first);
			assertThat(call(get(api, "/keyed/1?color=red", "X-Tenant", "b"))).isGreaterThan(first);
			assertThat(call(get(api, "/keyed/1", "X-Tenant", "a"))).isGreaterThan(first);
		}

		@Test
		void aNewDeploymentOfTheStageStartsWithAnEmptyCache() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			int first = call(get(api, "/items"));
			ApiDefinition current = Objects.requireNonNull(ResponseCacheIntegrationTests.this.store.find(api).block());
			serve(current.withDeployment("d2", null).withStage(current.stages().get("prod").withDeployment("d2")));
			assertThat(call(get(api, "/items"))).isGreaterThan(first);
		}

		@Test
		void flushStageCacheEmptiesTheStage() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			int first = call(get(api, "/items"));
			int keyed = call(get(api, "/keyed/7"));
			ResponseCacheIntegrationTests.this.apiGateway.flushStageCache((flush) -> flush.restApiId(api).stageName("prod"));
			assertThat(call(get(api, "/items"))).isGreaterThan(first);
			assertThat(call(get(api, "/keyed/7"))).isGreaterThan(keyed);
		}

	}

	@Nested
	class StoredResponses {

		@Test
		void errorsAreNotStored() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			EntityExchangeResult<String> first = get(api, "/error");
			assertThat(first.getStatus().value()).isEqualTo(500);
			assertThat(call(get(api, "/error"))).isGreaterThan(call(first));
		}

		@Test
		void bodiesOverOneMebibytePassThroughUncached() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			EntityExchangeResult<String> big = get(api, "/big");
			assertThat(big.getResponseBody().length()).isGreaterThan(1_048_576);
			assertThat(call(get(api, "/big"))).isGreaterThan(call(big));

			EntityExchangeResult<String> fits = get(api, "/fits");
			assertThat(fits.getResponseBody().length()).isBetween(900_000, 1_000_000);
			EntityExchangeResult<String> again = get(api, "/fits");
			assertThat(call(again)).isEqualTo(call(fits));
			assertThat(again.getResponseBody().equals(fits.getResponseBody())).isTrue();
		}

		@Test
		void concurrentMissesOfOneKeyMakeOneIntegrationCall() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			WebClient client = WebClient.builder()
				.baseUrl("http://127.0.0.1:" + ResponseCacheIntegrationTests.this.port)
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
				.build();
			int before = backend.calls();
			List<String> bodies = Flux.range(0, 8)
				.flatMap((i) -> client.get().uri(invokePath(api, "/slow")).retrieve().bodyToMono(String.class), 8)
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(backend.calls() - before).isEqualTo(1);
			assertThat(bodies).hasSize(8).containsOnly(bodies.get(0));
		}

	}

	@Nested
	class CacheControlMaxAgeZero {

		@Test
		void refreshesTheEntryWhenAuthorizationIsNotRequired() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, cacheControl(false, null)));
			int first = call(get(api, "/items", "X-Version", "1"));
			EntityExchangeResult<String> refreshed = get(api, "/items", "X-Version", "2", "Cache-Control",
					"no-cache, max-age=0");
			assertThat(call(refreshed)).isGreaterThan(first);
			assertThat(refreshed.getResponseBody()).contains("\"version\":\"2\"");
			EntityExchangeResult<String> after = get(api, "/items", "X-Version", "3");
			assertThat(call(after)).isEqualTo(call(refreshed));
			assertThat(after.getResponseHeaders().containsHeader(HttpHeaders.WARNING)).isFalse();
		}

		@Test
		void otherCacheControlDirectivesDoNotBypassTheCache() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, cacheControl(false, null)));
			int first = call(get(api, "/items"));
			assertThat(call(get(api, "/items", "Cache-Control", "no-cache"))).isEqualTo(first);
			assertThat(call(get(api, "/items", "Cache-Control", "max-age=10"))).isEqualTo(first);
		}

		@Test
		void unauthorizedCallerFailsWith403UnderFailWith403() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, cacheControl(true, "FAIL_WITH_403")));
			get(api, "/items");
			int calls = backend.calls();
			EntityExchangeResult<String> refused = get(api, "/items", "Cache-Control", "max-age=0");
			assertThat(refused.getStatus().value()).isEqualTo(403);
			assertThat(refused.getResponseHeaders().getFirst("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
			assertThat(backend.calls()).isEqualTo(calls);
		}

		@Test
		void unauthorizedCallerIsServedFromTheCacheWithAWarningByDefault() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			int first = call(get(api, "/items"));
			EntityExchangeResult<String> ignored = get(api, "/items", "Cache-Control", "max-age=0");
			assertThat(call(ignored)).isEqualTo(first);
			assertThat(ignored.getResponseHeaders().getFirst(HttpHeaders.WARNING))
				.isEqualTo("199 Cache-control headers were ignored because the caller was unauthorized.");
		}

		@Test
		void unauthorizedCallerIsServedFromTheCacheSilentlyUnderSucceedWithoutResponseHeader() {
			String api = serveCachedApi(
					Map.of(MethodSetting.ALL_METHODS, cacheControl(true, "SUCCEED_WITHOUT_RESPONSE_HEADER")));
			int first = call(get(api, "/items"));
			EntityExchangeResult<String> ignored = get(api, "/items", "Cache-Control", "max-age=0");
			assertThat(call(ignored)).isEqualTo(first);
			assertThat(ignored.getResponseHeaders().containsHeader(HttpHeaders.WARNING)).isFalse();
		}

		@Test
		void warningOfAMissIsNotStoredWithTheEntry() {
			String api = serveCachedApi(Map.of(MethodSetting.ALL_METHODS, ttl(60)));
			EntityExchangeResult<String> miss = get(api, "/items", "Cache-Control", "max-age=0");
			assertThat(miss.getResponseHeaders().getFirst(HttpHeaders.WARNING)).isNotNull();
			EntityExchangeResult<String> hit = get(api, "/items");
			assertThat(call(hit)).isEqualTo(call(miss));
			assertThat(hit.getResponseHeaders().containsHeader(HttpHeaders.WARNING)).isFalse();
		}

	}

	static MethodSetting ttl(int seconds) {
		return new MethodSetting(null, null, null, null, null, null, seconds, null, null, null);
	}

	static MethodSetting cacheControl(boolean requireAuthorization, String strategy) {
		return new MethodSetting(null, null, null, null, null, null, 60, null, requireAuthorization, strategy);
	}

	private String serveCachedApi(Map<String, MethodSetting> settings) {
		return serveApi(settings, true);
	}

	private String serveApi(Map<String, MethodSetting> settings, boolean cacheClusterEnabled) {
		String id = "cache" + apiIds.incrementAndGet();
		ApiDefinition api = cachedApi(id, backend.url());
		serve(api.withStage(new Stage("prod", "d1", null, null, settings, cacheClusterEnabled, "0.5", null, false,
				null, null, null, null)));
		return id;
	}

	/** Resources of a cached API, deployed as {@code d1}; the caller adds the stage. */
	static ApiDefinition cachedApi(String id, String backendUrl) {
		ApiDefinition api = TestApis.api(id);
		api = TestApis.withMethod(api, "/items", TestApis.method("GET", proxy(backendUrl + "/items", List.of())));
		api = TestApis.withMethod(api, "/items", TestApis.method("POST", proxy(backendUrl + "/items", List.of())));
		api = TestApis.withMethod(api, "/keyed/{id}", TestApis.method("GET", proxy(backendUrl + "/keyed/{id}",
				List.of("method.request.path.id", "method.request.querystring.color", "method.request.header.X-Tenant"))));
		api = TestApis.withMethod(api, "/error",
				TestApis.method("GET", proxy(backendUrl + "/error?status=500", List.of())));
		api = TestApis.withMethod(api, "/big", TestApis.method("GET", proxy(backendUrl + "/big?bytes=1100000", List.of())));
		api = TestApis.withMethod(api, "/fits",
				TestApis.method("GET", proxy(backendUrl + "/fits?bytes=1000000", List.of())));
		api = TestApis.withMethod(api, "/slow", TestApis.method("GET", proxy(backendUrl + "/slow?delayMs=400", List.of())));
		api = TestApis.withMethod(api, "/mock",
				TestApis.method("GET", TestApis.mock("{\"requestId\": \"$context.requestId\"}")));
		return api.withDeployment("d1", null);
	}

	static Integration proxy(String uri, List<String> cacheKeyParameters) {
		return new Integration(IntegrationType.HTTP_PROXY, "ANY", uri, null, null, null, null, null, null, null, null,
				cacheKeyParameters, null);
	}

	static String invokePath(String api, String path) {
		return "/restapis/" + api + "/prod/_user_request_" + path;
	}

	private EntityExchangeResult<String> get(String api, String path, String... headers) {
		return this.gateway.get()
			.uri(invokePath(api, path))
			.headers((h) -> {
				for (int i = 0; i < headers.length; i += 2) {
					h.add(headers[i], headers[i + 1]);
				}
			})
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private EntityExchangeResult<String> post(String api, String path) {
		return this.gateway.post().uri(invokePath(api, path)).bodyValue("{}").exchange().expectBody(String.class)
			.returnResult();
	}

	static int call(EntityExchangeResult<String> result) {
		Matcher matcher = CALL.matcher(Objects.requireNonNull(result.getResponseBody(), "no body"));
		assertThat(matcher.find()).as("backend call number in %s", result.getResponseBody()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private double meter(String name, String api) {
		return this.meters.get(name)
			.tag(MeterNames.TAG_API_ID, api)
			.tag(MeterNames.TAG_STAGE, "prod")
			.tag(MeterNames.TAG_METHOD, "GET")
			.tag(MeterNames.TAG_RESOURCE, "/items")
			.counter()
			.count();
	}

	/** Caffeine's clock, moved by the tests. */
	static final class FakeTicker implements Ticker {

		private final AtomicLong nanos = new AtomicLong(System.nanoTime());

		@Override
		public long read() {
			return this.nanos.get();
		}

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

	}

}

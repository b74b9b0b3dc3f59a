package io.tollgate.usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metrics.MeterNames;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ModelIds;
import io.tollgate.test.BaseAdminTests;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.usage.TestUsagePlans.NO_REFILL;
import static io.tollgate.usage.TestUsagePlans.keyInPlan;
import static io.tollgate.usage.TestUsagePlans.keyedApi;
import static io.tollgate.usage.TestUsagePlans.plan;
import static io.tollgate.usage.TestUsagePlans.throttling;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys, throttles and quotas through a running gateway on embedded defaults (Bucket4j local buckets, in-process
 * counters): every 403 and 429 of AWS, in AWS's shape.
 */
@Import(TestClock.Configuration.class)
class UsageFilterFactoryTests extends BaseAdminTests {

	@Autowired
	UsageStore usageStore;

	@Autowired
	ApiKeyIndex index;

	@Autowired
	TestClock clock;

	@Autowired
	MeterRegistry meters;

	@Autowired
	UsageLimiter limiter;

	@Nested
	class ApiKeys {

		@Test
		void requestWithoutKeyIsForbidden() {
			String apiId = served(keyedApi(apiId()));
			expectForbidden(call(apiId, "/a", null));
		}

		@Test
		void unknownKeyIsForbidden() {
			String apiId = served(keyedApi(apiId()));
			expectForbidden(call(apiId, "/a", ApiKey.generateValue()));
		}

		@Test
		void disabledKeyIsForbidden() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = TestUsagePlans.key(false);
			UsagePlan plan = plan(apiId, null, null, Map.of());
			usageStore.createApiKey(key).block();
			usageStore.createUsagePlan(plan).block();
			usageStore.createUsagePlanKey(plan.id(), key.id()).block();
			expectForbidden(call(apiId, "/a", key.value()));
		}

		@Test
		void keyOfAPlanForAnotherStageIsForbidden() {
			String apiId = served(keyedApi(apiId()));
			String otherApi = served(keyedApi(apiId()));
			ApiKey key = admitted(otherApi, plan(otherApi, null, null, Map.of()));
			call(otherApi, "/a", key.value()).expectStatus().isOk();
			expectForbidden(call(apiId, "/a", key.value()));
		}

		@Test
		void admittedKeyIsTheCallersIdentity() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, null, null, Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk().expectBody().json("{\"keyId\": \"" + key.id() + "\"}");
		}

		@Test
		void methodWithoutApiKeyRequiredNeedsNoKey() {
			String apiId = served(keyedApi(apiId()));
			call(apiId, "/open", null).expectStatus().isOk();
		}

		@Test
		void authorizerKeySourceDoesNotReadTheHeader() {
			String apiId = served(keyedApi(apiId(), ApiKeySource.AUTHORIZER, Map.of()));
			ApiKey key = admitted(apiId, plan(apiId, null, null, Map.of()));
			expectForbidden(call(apiId, "/a", key.value()));
		}

		@Test
		void disablingAKeyTakesEffectWithoutRestart() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, null, null, Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			usageStore.updateApiKey(key.id(), (current) -> current.withSettings(current.name(),
					current.description(), false, current.customerId(), current.stageKeys(), current.lastUpdatedDate()))
				.block();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> index.admit(key.value(), apiId, "prod") == null);
			expectForbidden(call(apiId, "/a", key.value()));
		}

	}

	@Nested
	class Throttling {

		@Test
		void planThrottleOfTheKeyAnswersTooManyRequests() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, new ThrottleSettings(2, NO_REFILL), null, Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			call(apiId, "/b", key.value()).expectStatus().isOk();
			expectThrottled(call(apiId, "/a", key.value()));
			UsagePlan plan = usageStore.findUsagePlansOfKey(key.id()).blockFirst();
			assertThat(meters.counter(MeterNames.THROTTLED, MeterNames.TAG_API_ID, apiId, MeterNames.TAG_STAGE, "prod",
					MeterNames.TAG_USAGE_PLAN, plan.id(), MeterNames.TAG_LIMIT, "key").count()).isEqualTo(1);
			// The plan's throttle is per key: another key of the plan has its own bucket.
			ApiKey other = TestUsagePlans.key(true);
			usageStore.createApiKey(other).block();
			usageStore.createUsagePlanKey(plan.id(), other.id()).block();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> index.admit(other.value(), apiId, "prod") != null);
			call(apiId, "/a", other.value()).expectStatus().isOk();
		}

		@Test
		void planMethodThrottleOverridesThePlanThrottleForItsMethod() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, new ThrottleSettings(3, NO_REFILL), null,
					Map.of("/a/GET", new ThrottleSettings(1, NO_REFILL))));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			expectThrottled(call(apiId, "/a", key.value()));
			call(apiId, "/b", key.value()).expectStatus().isOk();
			call(apiId, "/b", key.value()).expectStatus().isOk();
			call(apiId, "/b", key.value()).expectStatus().isOk();
			expectThrottled(call(apiId, "/b", key.value()));
		}

		@Test
		void stageMethodSettingsThrottleEveryCallerWithPerMethodOverrides() {
			String apiId = served(keyedApi(apiId(), ApiKeySource.HEADER,
					Map.of("*/*", throttling(1, NO_REFILL), "open/GET", throttling(2, NO_REFILL))));
			ApiKey key = admitted(apiId, plan(apiId, null, null, Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			expectThrottled(call(apiId, "/a", key.value()));
			call(apiId, "/b", key.value()).expectStatus().isOk();
			call(apiId, "/open", null).expectStatus().isOk();
			call(apiId, "/open", null).expectStatus().isOk();
			expectThrottled(call(apiId, "/open", null));
		}

		@Test
		void zeroRateAndBurstThrottleEveryRequest() {
			String apiId = served(keyedApi(apiId(), ApiKeySource.HEADER, Map.of("*/*", throttling(0, 0))));
			expectThrottled(call(apiId, "/open", null));
		}

		@Test
		void throttledRequestsAreNotCountedAgainstTheQuota() {
			String apiId = served(keyedApi(apiId()));
			UsagePlan plan = plan(apiId, new ThrottleSettings(1, NO_REFILL), new QuotaSettings(10, 0, QuotaPeriod.DAY),
					Map.of());
			ApiKey key = admitted(apiId, plan);
			call(apiId, "/a", key.value()).expectStatus().isOk();
			expectThrottled(call(apiId, "/a", key.value()));
			expectThrottled(call(apiId, "/a", key.value()));
			assertThat(usedToday(plan, key)).isEqualTo(new UsageLimiter.UsageDay(1, 9L));
		}

	}

	@Nested
	class Quotas {

		@Test
		void exhaustedQuotaAnswersLimitExceeded() {
			String apiId = served(keyedApi(apiId()));
			UsagePlan plan = plan(apiId, null, new QuotaSettings(2, 0, QuotaPeriod.DAY), Map.of());
			ApiKey key = admitted(apiId, plan);
			call(apiId, "/a", key.value()).expectStatus().isOk();
			call(apiId, "/b", key.value()).expectStatus().isOk();
			call(apiId, "/a", key.value()).expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "LimitExceededException")
				.expectBody()
				.json("{\"message\": \"Limit Exceeded\"}");
			assertThat(usedToday(plan, key)).isEqualTo(new UsageLimiter.UsageDay(2, 0L));
		}

		@Test
		void quotaStartsAgainWhenItsPeriodRollsOver() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, null, new QuotaSettings(1, 0, QuotaPeriod.DAY), Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			call(apiId, "/a", key.value()).expectStatus().isEqualTo(429);
			clock.advance(Duration.ofDays(1));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			call(apiId, "/a", key.value()).expectStatus().isEqualTo(429);
		}

		@Test
		void weeklyQuotaDoesNotRollOverWithinItsWeek() {
			String apiId = served(keyedApi(apiId()));
			ApiKey key = admitted(apiId, plan(apiId, null, new QuotaSettings(1, 0, QuotaPeriod.WEEK), Map.of()));
			call(apiId, "/a", key.value()).expectStatus().isOk();
			QuotaWindow week = QuotaWindow.of(new QuotaSettings(1, 0, QuotaPeriod.WEEK), clock.today());
			if (clock.today().plusDays(1).isBefore(week.end())) {
				clock.advance(Duration.ofDays(1));
				call(apiId, "/a", key.value()).expectStatus().isEqualTo(429);
			}
			while (week.contains(clock.today())) {
				clock.advance(Duration.ofDays(1));
			}
			call(apiId, "/a", key.value()).expectStatus().isOk();
		}

	}

	private UsageLimiter.UsageDay usedToday(UsagePlan plan, ApiKey key) {
		return limiter.usage(plan.id(), List.of(key.id()), clock.today(), clock.today())
			.block()
			.get(key.id())
			.get(clock.today());
	}

	String served(ApiDefinition api) {
		serve(api);
		return api.id();
	}

	ApiKey admitted(String apiId, UsagePlan plan) {
		ApiKey key = keyInPlan(this.usageStore, plan);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.index.admit(key.value(), apiId, "prod") != null);
		return key;
	}

	WebTestClient.ResponseSpec call(String apiId, String path, @Nullable String apiKey) {
		return this.client.get()
			.uri("/restapis/" + apiId + "/prod/_user_request_" + path)
			.headers((headers) -> {
				if (apiKey != null) {
					headers.set("x-api-key", apiKey);
				}
			})
			.exchange();
	}

	static void expectForbidden(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "ForbiddenException")
			.expectBody()
			.json("{\"message\": \"Forbidden\"}");
	}

	static void expectThrottled(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "TooManyRequestsException")
			.expectBody()
			.json("{\"message\": \"Too Many Requests\"}");
	}

	static String apiId() {
		return ModelIds.random();
	}

}

package io.tollgate.admin;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ModelIds;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.usage.ApiKey;
import io.tollgate.usage.ApiKeyIndex;
import io.tollgate.usage.QuotaPeriod;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.TestClock;
import io.tollgate.usage.TestUsagePlans;
import io.tollgate.usage.UsagePlan;
import io.tollgate.usage.UsageStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GetUsageResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateUsageResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** GetUsage and UpdateUsage through the AWS SDK, on usage counted by the data plane. */
@Import(TestClock.Configuration.class)
class UsageHandlerTests extends BaseAdminTests {

	@Autowired
	UsageStore usageStore;

	@Autowired
	ApiKeyIndex index;

	@Autowired
	TestClock clock;

	@Test
	void getUsageReportsUsedAndRemainingPerDayKeyedByKeyId() {
		String apiId = served();
		UsagePlan plan = TestUsagePlans.plan(apiId, null, new QuotaSettings(10, 0, QuotaPeriod.DAY), Map.of());
		ApiKey key = admitted(apiId, plan);
		LocalDate first = this.clock.today();
		call(apiId, key, 3);
		this.clock.advance(Duration.ofDays(1));
		call(apiId, key, 1);
		GetUsageResponse usage = this.apiGateway.getUsage((request) -> request.usagePlanId(plan.id())
			.startDate(first.toString())
			.endDate(first.plusDays(2).toString()));
		assertThat(usage.usagePlanId()).isEqualTo(plan.id());
		assertThat(usage.startDate()).isEqualTo(first.toString());
		assertThat(usage.endDate()).isEqualTo(first.plusDays(2).toString());
		assertThat(usage.items()).containsExactly(
				Map.entry(key.id(), List.of(List.of(3L, 7L), List.of(1L, 9L), List.of(0L, 10L))));
	}

	@Test
	void getUsageOfOneKeyLeavesTheOthersOut() {
		String apiId = served();
		UsagePlan plan = TestUsagePlans.plan(apiId, null, null, Map.of());
		ApiKey key = admitted(apiId, plan);
		ApiKey other = TestUsagePlans.key(true);
		this.usageStore.createApiKey(other).block();
		this.usageStore.createUsagePlanKey(plan.id(), other.id()).block();
		call(apiId, key, 2);
		String today = this.clock.today().toString();
		GetUsageResponse usage = this.apiGateway.getUsage(
				(request) -> request.usagePlanId(plan.id()).keyId(key.id()).startDate(today).endDate(today));
		assertThat(usage.items()).containsExactly(Map.entry(key.id(), List.of(List.of(2L, 0L))));
	}

	@Test
	void updateUsageReplacesTheRemainingQuotaOfTheCurrentPeriod() {
		String apiId = served();
		UsagePlan plan = TestUsagePlans.plan(apiId, null, new QuotaSettings(2, 0, QuotaPeriod.DAY), Map.of());
		ApiKey key = admitted(apiId, plan);
		call(apiId, key, 2);
		request(apiId, key).expectStatus().isEqualTo(429);
		UpdateUsageResponse updated = this.apiGateway.updateUsage((request) -> request.usagePlanId(plan.id())
			.keyId(key.id())
			.patchOperations((operation) -> operation.op(Op.REPLACE).path("/remaining").value("5")));
		assertThat(updated.items()).containsExactly(Map.entry(key.id(), List.of(List.of(2L, 5L))));
		request(apiId, key).expectStatus().isOk();
		String today = this.clock.today().toString();
		assertThat(this.apiGateway
			.getUsage((request) -> request.usagePlanId(plan.id()).startDate(today).endDate(today))
			.items()).containsExactly(Map.entry(key.id(), List.of(List.of(3L, 4L))));
	}

	@Test
	void getUsageOfAnUnknownPlanIsNotFound() {
		String today = this.clock.today().toString();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.apiGateway
			.getUsage((request) -> request.usagePlanId("nosuchplan").startDate(today).endDate(today)))
			.withMessageContaining("Invalid Usage Plan ID specified");
	}

	@Test
	void getUsageWithAnEndBeforeItsStartIsABadRequest() {
		String apiId = served();
		UsagePlan plan = TestUsagePlans.plan(apiId, null, null, Map.of());
		this.usageStore.createUsagePlan(plan).block();
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.apiGateway.getUsage(
				(request) -> request.usagePlanId(plan.id()).startDate("2026-11-02").endDate("2026-11-01")));
	}

	@Test
	void updateUsageOfAPlanWithoutQuotaIsABadRequest() {
		String apiId = served();
		UsagePlan plan = TestUsagePlans.plan(apiId, null, null, Map.of());
		ApiKey key = admitted(apiId, plan);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.apiGateway.updateUsage(
				(request) -> request.usagePlanId(plan.id())
					.keyId(key.id())
					.patchOperations((operation) -> operation.op(Op.REPLACE).path("/remaining").value("5"))));
	}

	private String served() {
		String apiId = ModelIds.random();
		serve(TestUsagePlans.keyedApi(apiId));
		return apiId;
	}

	private ApiKey admitted(String apiId, UsagePlan plan) {
		ApiKey key = TestUsagePlans.keyInPlan(this.usageStore, plan);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.index.admit(key.value(), apiId, "prod") != null);
		return key;
	}

	private void call(String apiId, ApiKey key, int times) {
		for (int i = 0; i < times; i++) {
			request(apiId, key).expectStatus().isOk();
		}
	}

	private WebTestClient.ResponseSpec request(String apiId, ApiKey key) {
		return this.client.get()
			.uri("/restapis/" + apiId + "/prod/_user_request_/a")
			.header("x-api-key", key.value())
			.exchange();
	}

}

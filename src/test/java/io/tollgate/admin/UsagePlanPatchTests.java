package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.usage.ApiStage;
import io.tollgate.usage.QuotaPeriod;
import io.tollgate.usage.QuotaSettings;
import io.tollgate.usage.ThrottleSettings;
import io.tollgate.usage.UsagePlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsagePlanPatchTests {

	private static final UsagePlan PLAN = new UsagePlan("plan123456", "gold", "desc",
			List.of(ApiStage.of("api1", "prod")), null, null, null, Map.of("tier", "gold"));

	@Test
	void methodThrottlePathsMayEscapeTheResourcePathOrNot() {
		UsagePlan patched = UsagePlanPatch.apply(PLAN, patch(
				op("replace", "/apiStages/api1:prod/throttle/~1pets~1{id}/GET/rateLimit", "2.5"),
				op("replace", "/apiStages/api1:prod/throttle//orders/POST/burstLimit", "4"),
				op("replace", "/apiStages/api1:prod/throttle/~1/ANY/burstLimit", "9")));
		assertThat(patched.apiStages().get(0).throttle()).containsExactlyInAnyOrderEntriesOf(
				Map.of("/pets/{id}/GET", new ThrottleSettings(0, 2.5), "/orders/POST", new ThrottleSettings(4, 0),
						"//ANY", new ThrottleSettings(9, 0)));
		UsagePlan removed = UsagePlanPatch.apply(patched,
				patch(op("remove", "/apiStages/api1:prod/throttle//orders/POST", null)));
		assertThat(removed.apiStages().get(0).throttle()).doesNotContainKey("/orders/POST").hasSize(2);
		UsagePlan cleared = UsagePlanPatch.apply(patched, patch(op("remove", "/apiStages/api1:prod/throttle", null)));
		assertThat(cleared.apiStages().get(0).throttle()).isEmpty();
	}

	@Test
	void throttleAndQuotaAreBuiltFieldByField() {
		UsagePlan patched = UsagePlanPatch.apply(PLAN, patch(op("replace", "/throttle/rateLimit", "10"),
				op("add", "/quota/period", "WEEK"), op("replace", "/quota/limit", "500"),
				op("replace", "/quota/offset", "1")));
		assertThat(patched.throttle()).isEqualTo(new ThrottleSettings(0, 10));
		assertThat(patched.quota()).isEqualTo(new QuotaSettings(500, 1, QuotaPeriod.WEEK));
		UsagePlan removed = UsagePlanPatch.apply(patched, patch(op("remove", "/throttle", null),
				op("remove", "/quota", null)));
		assertThat(removed.throttle()).isNull();
		assertThat(removed.quota()).isNull();
		assertThat(removed.tags()).isEqualTo(PLAN.tags());
	}

	@Test
	void addedStagesAreListedForTheCallerToCheck() {
		PatchRequest patch = patch(op("add", "/apiStages", "api2:dev"), op("remove", "/apiStages", "api1:prod"));
		assertThat(UsagePlanPatch.addedStages(patch)).containsExactly(ApiStage.of("api2", "dev"));
		assertThat(UsagePlanPatch.apply(PLAN, patch).stageIds()).containsExactly("api2:dev");
	}

	@Test
	void throttleOfAStageNotInThePlanIsNotFound() {
		assertThatThrownBy(() -> UsagePlanPatch.apply(PLAN,
				patch(op("replace", "/apiStages/api9:prod/throttle/~1pets/GET/rateLimit", "1"))))
			.isInstanceOf(ApiModelException.NotFound.class)
			.hasMessage("Invalid API Stage {api: api9, stage: prod} specified for usageplan plan123456");
	}

	@Test
	void nameCannotBeRemoved() {
		assertThatThrownBy(() -> UsagePlanPatch.apply(PLAN, patch(op("remove", "/name", null))))
			.isInstanceOf(ApiModelException.BadRequest.class);
	}

	private static PatchRequest patch(PatchRequest.Operation... operations) {
		return new PatchRequest(List.of(operations));
	}

	private static PatchRequest.Operation op(String op, String path, String value) {
		return new PatchRequest.Operation(op, path, value, null);
	}

}

package io.tollgate.usage;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiModelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests of the usage plan records: {@link UsagePlan}, {@link ApiStage}, {@link QuotaSettings}. */
class UsagePlanTests {

	@Test
	void stageIdIsApiIdColonStageAndParsesBack() {
		ApiStage stage = ApiStage.of("a1b2c3", "prod");
		assertThat(stage.stageId()).isEqualTo("a1b2c3:prod");
		assertThat(ApiStage.parse("a1b2c3:prod")).isEqualTo(stage);
		for (String bad : new String[] { "a1b2c3", ":prod", "a1b2c3:", "a:b:c" }) {
			assertThatThrownBy(() -> ApiStage.parse(bad)).isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessage("Invalid API Stage specified");
		}
	}

	@Test
	void methodThrottlesAreKeyedByResourcePathAndMethod() {
		assertThat(ApiStage.methodKey("/pets/{id}", "GET")).isEqualTo("/pets/{id}/GET");
		assertThat(ApiStage.methodKey("/", "ANY")).isEqualTo("//ANY");
		assertThatThrownBy(() -> ApiStage.methodKey("pets", "GET")).isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> ApiStage.methodKey("/pets", "FETCH")).isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> new ApiStage("a", "prod", Map.of("GET", new ThrottleSettings(1, 1))))
			.isInstanceOf(ApiModelException.BadRequest.class);
	}

	@Test
	void aStageMayAppearOnceInAPlan() {
		assertThatThrownBy(() -> new UsagePlan("plan123456", "gold", null,
				List.of(ApiStage.of("a", "prod"), ApiStage.of("a", "prod")), null, null, null, null))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessage("Duplicate API Stage {api: a, stage: prod} specified for usageplan plan123456");
	}

	@Test
	void quotaNeedsAPeriodAndAnOffsetWithinIt() {
		assertThat(new QuotaSettings(10, 6, QuotaPeriod.WEEK).offset()).isEqualTo(6);
		assertThatThrownBy(() -> new QuotaSettings(10, 0, null)).hasMessageContaining("period");
		assertThatThrownBy(() -> new QuotaSettings(10, 1, QuotaPeriod.DAY)).hasMessageContaining("from 0 to 0");
		assertThatThrownBy(() -> new QuotaSettings(10, 7, QuotaPeriod.WEEK)).hasMessageContaining("from 0 to 6");
		assertThatThrownBy(() -> new QuotaSettings(-1, 0, QuotaPeriod.MONTH)).hasMessageContaining("negative");
	}

	@Test
	void throttleMayNotBeNegative() {
		assertThatThrownBy(() -> new ThrottleSettings(-1, 1)).isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> new ThrottleSettings(1, -0.5)).isInstanceOf(ApiModelException.BadRequest.class);
		assertThat(new ThrottleSettings(20, 10.0).burstLimit()).as("burst may exceed rate").isEqualTo(20);
	}

}

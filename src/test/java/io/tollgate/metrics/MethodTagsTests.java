package io.tollgate.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.Method;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Resource;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.pipeline.DeployedMethod;
import org.junit.jupiter.api.Test;

import static io.tollgate.test.TestApis.method;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;
import static org.assertj.core.api.Assertions.assertThat;

/** The tags of a method's meters: CloudWatch's dimensions, detailed only with metricsEnabled. */
class MethodTagsTests {

	private static DeployedMethod deployed(String apiName, Map<String, MethodSetting> settings, boolean canary) {
		ApiDefinition api = withMethod(ApiDefinition.create(RestApi.named("a1", apiName)), "/pets/{id}",
				method("GET", mock("{}")));
		Resource resource = api.resourceByPath("/pets/{id}").orElseThrow();
		Method get = resource.resourceMethods().get("GET");
		Stage stage = new Stage("prod", "d1", null, Map.of(), settings, false, null, null, false, null, null, null,
				null);
		return DeployedMethod.inStage(api.restApi(), "d1", canary, resource, get, ApiComponents.EMPTY, stage);
	}

	private static MethodSetting metrics(Boolean enabled) {
		return new MethodSetting(enabled, null, null, null, null, null, null, null, null, null);
	}

	private static String tag(Tags tags, String key) {
		return tags.stream().filter((tag) -> tag.getKey().equals(key)).map(Tag::getValue).findFirst().orElseThrow();
	}

	@Test
	void withoutDetailedMetricsMethodAndResourceAreAll() {
		Tags tags = MethodTags.of(deployed("Pets", Map.of(), false));
		assertThat(tags).containsExactlyInAnyOrder(Tag.of("api", "Pets"), Tag.of("api_id", "a1"),
				Tag.of("stage", "prod"), Tag.of("method", "*"), Tag.of("resource", "*"), Tag.of("canary", "false"));
	}

	@Test
	void detailedMetricsNameTheMethodAndItsResourcePath() {
		Tags tags = MethodTags.of(deployed("Pets", Map.of("pets/{id}/GET", metrics(true)), true));
		assertThat(tag(tags, "method")).isEqualTo("GET");
		assertThat(tag(tags, "resource")).isEqualTo("/pets/{id}");
		assertThat(tag(tags, "canary")).isEqualTo("true");
	}

	@Test
	void aMethodSettingWithoutMetricsEnabledInheritsTheStageWideOne() {
		MethodSetting throttleOnly = new MethodSetting(null, null, null, 10, 5.0, null, null, null, null, null);
		Tags tags = MethodTags.of(deployed("Pets",
				Map.of(MethodSetting.ALL_METHODS, metrics(true), "pets/{id}/GET", throttleOnly), false));
		assertThat(tag(tags, "resource")).isEqualTo("/pets/{id}");
		Tags off = MethodTags.of(deployed("Pets",
				Map.of(MethodSetting.ALL_METHODS, metrics(true), "pets/{id}/GET", metrics(false)), false));
		assertThat(tag(off, "resource")).isEqualTo("*");
	}

	@Test
	void apiNameLosesNonAsciiCharactersAndFallsBackToTheId() {
		assertThat(tag(MethodTags.of(deployed("Caf\u00e9 API \u2615", Map.of(), false)), "api")).isEqualTo("Caf API");
		assertThat(tag(MethodTags.of(deployed("\u2615\u2615", Map.of(), false)), "api")).isEqualTo("a1");
	}

}

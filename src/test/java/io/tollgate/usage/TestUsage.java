package io.tollgate.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tollgate.model.ModelIds;

/** Fixtures of API keys and usage plans. */
public final class TestUsage {

	/** Nanoseconds included, to check that instants keep their precision. */
	public static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123456789Z");

	private TestUsage() {
	}

	/** An enabled key with a fresh id and value, and every field set. */
	public static ApiKey apiKey(String name) {
		return new ApiKey(ModelIds.random(), ApiKey.generateValue(), name, "key " + name, true, "customer-" + name,
				CREATED, CREATED, List.of("api1/prod"), Map.of("team", "payments"));
	}

	/** A plan admitting the given stages ({@code apiId:stage}), with a throttle, a quota and a method throttle. */
	public static UsagePlan plan(String name, String... stageIds) {
		List<ApiStage> stages = Arrays.stream(stageIds).map(ApiStage::parse).toList();
		if (!stages.isEmpty()) {
			ApiStage first = stages.get(0);
			stages = new ArrayList<>(stages);
			stages.set(0, first.withThrottle(Map.of("/pets/GET", new ThrottleSettings(5, 2.5))));
		}
		return new UsagePlan(ModelIds.random(), name, "plan " + name, stages, new ThrottleSettings(100, 50.0),
				new QuotaSettings(1000, 1, QuotaPeriod.WEEK), null, Map.of("tier", name));
	}

}

package io.tollgate.metrics;

import io.micrometer.core.instrument.Tags;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.RestApi;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.DeployedRoute;

/**
 * The tags of a deployed method's meters, as CloudWatch's dimensions of API Gateway metrics: API name and id, stage,
 * canary or base deployment, and (only with the stage's detailed metrics, method setting {@code metricsEnabled})
 * method and resource. Built once per deployed method, never per request; every meter of a method uses them, so
 * that Prometheus sees one set of tag keys per meter name.
 */
public final class MethodTags {

	/** The value of {@value MeterNames#TAG_METHOD} and {@value MeterNames#TAG_RESOURCE} without detailed metrics. */
	public static final String ALL = "*";

	/** CloudWatch's limit on a dimension value. */
	private static final int MAX_VALUE_LENGTH = 255;

	private MethodTags() {
	}

	/** The tags of {@code method}'s meters. */
	public static Tags of(DeployedMethod method) {
		boolean detailed = detailed(method);
		return Tags.of(MeterNames.TAG_API_NAME, apiName(method.api()), MeterNames.TAG_API_ID, method.api().id(),
				MeterNames.TAG_STAGE, method.stageName(), MeterNames.TAG_METHOD,
				detailed ? method.method().httpMethod() : ALL, MeterNames.TAG_RESOURCE,
				detailed ? bounded(method.resource().path()) : ALL, MeterNames.TAG_CANARY,
				Boolean.toString(method.canary()));
	}

	/**
	 * The tags of an HTTP API route's meters: with the stage's {@code detailedMetricsEnabled}, its route key's
	 * verb and path as method and resource.
	 */
	public static Tags of(DeployedRoute route) {
		boolean detailed = Boolean.TRUE.equals(route.settings().detailedMetricsEnabled());
		String ascii = route.api().name().replaceAll("[^\\x20-\\x7E]", "").trim();
		return Tags.of(MeterNames.TAG_API_NAME, ascii.isEmpty() ? route.api().apiId() : bounded(ascii),
				MeterNames.TAG_API_ID, route.api().apiId(), MeterNames.TAG_STAGE, route.stage().stageName(),
				MeterNames.TAG_METHOD, detailed ? route.method() : ALL, MeterNames.TAG_RESOURCE,
				detailed ? bounded(route.path()) : ALL, MeterNames.TAG_CANARY, "false");
	}

	/**
	 * Whether the stage reports this method on its own (AWS's "detailed CloudWatch metrics"): the method's own
	 * {@code metricsEnabled}, else the stage-wide {@code *}{@code /*} one.
	 */
	static boolean detailed(DeployedMethod method) {
		MethodSetting setting = method.methodSetting();
		return setting != null && Boolean.TRUE.equals(setting.metricsEnabled());
	}

	/** CloudWatch's ApiName: the name without non-ASCII characters, or the id when nothing is left. */
	static String apiName(RestApi api) {
		String ascii = api.name().replaceAll("[^\\x20-\\x7E]", "").trim();
		return ascii.isEmpty() ? api.id() : bounded(ascii);
	}

	private static String bounded(String value) {
		return (value.length() <= MAX_VALUE_LENGTH) ? value : value.substring(0, MAX_VALUE_LENGTH);
	}

}

package io.tollgate.test;

import java.util.Map;

import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Integration;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.model.v2.Route;
import io.tollgate.model.v2.Stage;

/** Fixtures: HTTP APIs built with the v2 model, for tests. */
public final class TestHttpApis {

	private TestHttpApis() {
	}

	/** A new HTTP API with nothing in it. */
	public static ApiV2Definition api(String id) {
		return ApiV2Definition.create(Api.of(id, id + " API", ProtocolType.HTTP, null));
	}

	/** An {@code HTTP_PROXY} integration calling {@code url} with the client's verb. */
	public static Integration httpProxy(String id, String url) {
		return Integration.httpProxy(id, url, "ANY");
	}

	/** An {@code HTTP_PROXY} integration with parameter mappings. */
	public static Integration httpProxy(String id, String url, Map<String, String> requestParameters,
			Map<String, Map<String, String>> responseParameters) {
		return new Integration(id, io.tollgate.model.IntegrationType.HTTP_PROXY, url, "ANY", "1.0", null, null, null,
				null, null, requestParameters, responseParameters, null, null, null, null, null, null, null, false);
	}

	/** An {@code AWS_PROXY} integration of a {@link TestLambdaServer} function. */
	public static Integration lambda(String id, String function, String payloadFormatVersion, Integer timeout) {
		return new Integration(id, io.tollgate.model.IntegrationType.AWS_PROXY,
				"arn:aws:lambda:us-east-1:000000000000:function:" + function, "POST", payloadFormatVersion, timeout,
				null, null, null, null, null, null, null, null, null, null, null, null, null, false);
	}

	/** A route to an integration ({@code null} for none). */
	public static ApiV2Definition withRoute(ApiV2Definition api, String routeId, String routeKey,
			String integrationId) {
		return api.withRoute(Route.of(routeId, routeKey, integrationId));
	}

	/** The API's stage serving every change at once. */
	public static ApiV2Definition autoDeployed(ApiV2Definition api, String stageName) {
		return api.withStage(Stage.of(stageName, null, true));
	}

}

package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.Integration;
import io.tollgate.model.Method;
import io.tollgate.model.Resource;

/**
 * Finding and changing the methods of an API's resources by the identifiers of a management call, failing with
 * AWS's errors for an unknown method, integration or status code.
 */
final class MethodEdits {

	static final String INVALID_METHOD = "Invalid Method identifier specified";

	static final String INVALID_INTEGRATION = "Invalid Integration identifier specified";

	static final String INVALID_STATUS_CODE = "Invalid Response status code specified";

	private static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");

	private MethodEdits() {
	}

	static Method require(ApiDefinition api, String resourceId, String httpMethod) {
		Method method = ResourceTreeEdits.require(api, resourceId).resourceMethods().get(httpMethod);
		if (method == null) {
			throw ApiModelException.notFound(INVALID_METHOD);
		}
		return method;
	}

	static Integration requireIntegration(ApiDefinition api, String resourceId, String httpMethod) {
		Integration integration = require(api, resourceId, httpMethod).methodIntegration();
		if (integration == null) {
			throw ApiModelException.notFound(INVALID_INTEGRATION);
		}
		return integration;
	}

	/** The same API with an existing method changed; the change may throw to refuse. */
	static ApiDefinition changed(ApiDefinition api, String resourceId, String httpMethod,
			UnaryOperator<Method> change) {
		return api.withMethod(resourceId, change.apply(require(api, resourceId, httpMethod)));
	}

	/** The same API with an existing method's integration changed; the change may throw to refuse. */
	static ApiDefinition integrationChanged(ApiDefinition api, String resourceId, String httpMethod,
			UnaryOperator<Integration> change) {
		Integration changed = change.apply(requireIntegration(api, resourceId, httpMethod));
		return changed(api, resourceId, httpMethod, (method) -> method.withIntegration(changed));
	}

	static ApiDefinition without(ApiDefinition api, String resourceId, String httpMethod) {
		require(api, resourceId, httpMethod);
		Resource resource = ResourceTreeEdits.require(api, resourceId);
		Map<String, Method> methods = new LinkedHashMap<>(resource.resourceMethods());
		methods.remove(httpMethod);
		return ResourceTreeEdits.replaced(api, new Resource(resource.id(), resource.parentId(), resource.pathPart(),
				resource.path(), methods));
	}

	/** A status code of a method or integration response: three digits, from 100 to 599. */
	static String requireStatusCode(String statusCode) {
		if (!STATUS_CODE.matcher(statusCode).matches()) {
			throw ApiModelException.badRequest("Invalid status code specified");
		}
		return statusCode;
	}

	/** Request or response models must name models of the API (CreateRestApi gives each {@code Empty}). */
	static void requireModels(ApiDefinition api, Map<String, String> modelsByContentType) {
		for (String name : modelsByContentType.values()) {
			if (Models.named(api.components(), name).isEmpty()) {
				throw ApiModelException.badRequest("Invalid model identifier specified: " + name);
			}
		}
	}

}

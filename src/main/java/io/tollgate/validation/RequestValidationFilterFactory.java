package io.tollgate.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.Method;
import io.tollgate.model.RequestValidator;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.validation.RequestValidationFilter.RequiredParameter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.filter.GatewayFilter;

/**
 * The request-validation step: for a method with a request validator, a {@link RequestValidationFilter} with the
 * method's required parameters and compiled body schemas; nothing for other methods.
 */
public final class RequestValidationFilterFactory implements MethodFilterFactory {

	/** The {@code requestModels} key of the model for any other Content-Type. */
	static final String DEFAULT_MODEL = "$default";

	private static final Log logger = LogFactory.getLog(RequestValidationFilterFactory.class);

	@Override
	public List<GatewayFilter> filtersFor(DeployedMethod deployed) {
		Method method = deployed.method();
		ApiComponents components = deployed.components();
		RequestValidator validator = (method.requestValidatorId() != null)
				? components.requestValidators().get(method.requestValidatorId()) : null;
		if (validator == null) {
			return List.of();
		}
		List<RequiredParameter> required = validator.validateRequestParameters() ? requiredParameters(method)
				: List.of();
		Map<String, Schema> schemas = validator.validateRequestBody() ? schemas(deployed, components) : Map.of();
		if (required.isEmpty() && schemas.isEmpty()) {
			return List.of();
		}
		return List.of(new RequestValidationFilter(required, schemas));
	}

	/** Required parameters in AWS's report order: sorted by their {@code method.request.*} key. */
	private static List<RequiredParameter> requiredParameters(Method method) {
		Map<String, Boolean> sorted = new TreeMap<>(method.requestParameters());
		List<RequiredParameter> required = new ArrayList<>();
		sorted.forEach((key, isRequired) -> {
			if (!Boolean.TRUE.equals(isRequired)) {
				return;
			}
			RequiredParameter parameter = parameter(key);
			if (parameter != null) {
				required.add(parameter);
			}
		});
		return required;
	}

	private static @Nullable RequiredParameter parameter(String key) {
		String[] prefixes = { "method.request.header.", "method.request.multivalueheader.",
				"method.request.querystring.", "method.request.multivaluequerystring.", "method.request.path." };
		RequiredParameter.Location[] locations = { RequiredParameter.Location.HEADER,
				RequiredParameter.Location.HEADER, RequiredParameter.Location.QUERYSTRING,
				RequiredParameter.Location.QUERYSTRING, RequiredParameter.Location.PATH };
		for (int i = 0; i < prefixes.length; i++) {
			if (key.startsWith(prefixes[i])) {
				return new RequiredParameter(locations[i], key.substring(prefixes[i].length()));
			}
		}
		return null;
	}

	private static Map<String, Schema> schemas(DeployedMethod deployed, ApiComponents components) {
		if (deployed.method().requestModels().isEmpty()) {
			return Map.of();
		}
		ModelSchemas models = new ModelSchemas(deployed.api().id(), components.models());
		Map<String, Schema> schemas = new LinkedHashMap<>();
		deployed.method().requestModels().forEach((contentType, modelName) -> {
			try {
				Schema schema = models.schema(modelName);
				if (schema != null) {
					schema.initializeValidators();
					schemas.put(contentType.toLowerCase(Locale.ROOT), schema);
				}
			}
			catch (SchemaException | IllegalArgumentException ex) {
				logger.warn("Method " + deployed.routeId() + ": model " + modelName + " is not a valid JSON schema ("
						+ ex.getMessage() + "); its body is not validated");
			}
		});
		return schemas;
	}

}

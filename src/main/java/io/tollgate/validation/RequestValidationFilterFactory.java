package io.tollgate.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.Method;
import io.tollgate.model.RequestValidator;
import io.tollgate.pipeline.DeployedMethod;
import io.tollgate.pipeline.MethodFilterFactory;
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
		List<RequiredParameter> required = validator.validateRequestParameters()
				? RequiredParameter.of(RequiredParameter.METHOD_REQUEST, method.requestParameters()) : List.of();
		Map<String, Schema> schemas = validator.validateRequestBody() ? schemas(deployed, components) : Map.of();
		if (required.isEmpty() && schemas.isEmpty()) {
			return List.of();
		}
		return List.of(new RequestValidationFilter(required, schemas));
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

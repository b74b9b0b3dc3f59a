package io.tollgate.model.v2;

import java.util.Map;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.Immutables;
import io.tollgate.model.ModelChecks;
import io.tollgate.model.ModelIds;
import org.jspecify.annotations.Nullable;

/**
 * How a WebSocket API's non-proxy integration's answer is turned into the reply (AWS {@code IntegrationResponse}):
 * chosen by {@code integrationResponseKey}, {@code $default} or a {@code /regex/} matched against the status code
 * (HTTP) or the Lambda error message.
 */
public record IntegrationResponse(String integrationResponseId, String integrationResponseKey,
		Map<String, String> responseParameters, Map<String, String> responseTemplates,
		@Nullable String templateSelectionExpression, @Nullable String contentHandlingStrategy) {

	public IntegrationResponse(String integrationResponseId, String integrationResponseKey,
			@Nullable Map<String, String> responseParameters, @Nullable Map<String, String> responseTemplates,
			@Nullable String templateSelectionExpression, @Nullable String contentHandlingStrategy) {
		this.integrationResponseId = ModelIds.requireId(integrationResponseId, "integrationResponseId");
		if (integrationResponseKey == null || integrationResponseKey.isEmpty()) {
			throw ApiModelException.badRequest("Invalid integrationResponseKey: a value is required");
		}
		this.integrationResponseKey = integrationResponseKey;
		this.responseParameters = Immutables.map(responseParameters);
		this.responseTemplates = ModelChecks.templates(Immutables.map(responseTemplates));
		this.templateSelectionExpression = templateSelectionExpression;
		this.contentHandlingStrategy = contentHandlingStrategy;
	}

}

package io.tollgate.response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.GatewayResponse;
import io.tollgate.pipeline.GatewayResponseType;
import org.jspecify.annotations.Nullable;

/**
 * The gateway responses of an API as API Gateway resolves them: a type's own customisation, else the customised
 * {@code DEFAULT_4XX} or {@code DEFAULT_5XX} of its family, else AWS's default. The management API lists them with
 * {@link #view}, the data plane renders errors with {@link #effective}; both follow the same inheritance rule.
 */
public final class GatewayResponses {

	/** AWS's template for every response it does not customise. */
	public static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";

	/** The content type AWS keys its default template by. */
	public static final String DEFAULT_CONTENT_TYPE = "application/json";

	/** Prefix of the keys of {@code responseParameters} that set a response header. */
	public static final String HEADER_PARAMETER_PREFIX = "gatewayresponse.header.";

	/** The statuses AWS admits for a gateway response. */
	public static final Pattern STATUS_CODE = Pattern.compile("[1-5]\\d\\d");

	private static final Map<String, String> DEFAULT_TEMPLATES = Map.of(DEFAULT_CONTENT_TYPE, DEFAULT_TEMPLATE);

	// In the order AWS lists the allowed values when it refuses an unknown type.
	private static final String AWS_TYPE_ORDER = String.join(", ", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND",
			"AUTHORIZER_CONFIGURATION_ERROR", "MISSING_AUTHENTICATION_TOKEN", "BAD_REQUEST_BODY", "INVALID_SIGNATURE",
			"INVALID_API_KEY", "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE", "UNAUTHORIZED", "INTEGRATION_TIMEOUT",
			"ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED", "QUOTA_EXCEEDED", "THROTTLED",
			"API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE", "EXPIRED_TOKEN");

	private GatewayResponses() {
	}

	/**
	 * The response type named in a management call.
	 * @throws ApiModelException 400 {@code ValidationException}, as AWS answers, for an unknown type
	 */
	public static GatewayResponseType type(String responseType) {
		return Arrays.stream(GatewayResponseType.values())
			.filter((type) -> type.name().equals(responseType))
			.findFirst()
			.orElseThrow(() -> ApiModelException.of(400, "ValidationException",
					"1 validation error detected: Value '" + responseType + "' at 'responseType' failed to satisfy "
							+ "constraint: Member must satisfy enum value set: [" + AWS_TYPE_ORDER + "]"));
	}

	/** Whether the type is {@code DEFAULT_4XX} or {@code DEFAULT_5XX}, which stand for a family of types. */
	public static boolean isFamilyDefault(GatewayResponseType type) {
		return type == GatewayResponseType.DEFAULT_4XX || type == GatewayResponseType.DEFAULT_5XX;
	}

	/**
	 * The status GetGatewayResponses shows for a type nobody customised: none for {@code DEFAULT_4XX/5XX}, and 504
	 * for {@code INTEGRATION_FAILURE}, which AWS lists although its runtime answers 500 ({@link GatewayResponseType}
	 * keeps the runtime value).
	 */
	public static @Nullable String listedStatus(GatewayResponseType type) {
		return switch (type) {
			case DEFAULT_4XX, DEFAULT_5XX -> null;
			case INTEGRATION_FAILURE -> "504";
			default -> Integer.toString(type.status());
		};
	}

	/** The type's response as AWS has it before any customisation. */
	public static GatewayResponse standard(GatewayResponseType type) {
		return new GatewayResponse(type.name(), listedStatus(type), null, DEFAULT_TEMPLATES, true);
	}

	/** A customisation as PutGatewayResponse stores it: omitted values take the type's standard values. */
	public static GatewayResponse customised(GatewayResponseType type, @Nullable String statusCode,
			@Nullable Map<String, String> responseParameters, @Nullable Map<String, String> responseTemplates) {
		return new GatewayResponse(type.name(), (statusCode != null) ? statusCode : listedStatus(type),
				responseParameters,
				(responseTemplates == null || responseTemplates.isEmpty()) ? DEFAULT_TEMPLATES : responseTemplates,
				false);
	}

	/**
	 * The response of one type as GetGatewayResponse shows it: the customisation when there is one
	 * ({@code defaultResponse:false}); otherwise AWS's default, with the status, parameters and templates of a
	 * customised {@code DEFAULT_4XX/5XX} of its family ({@code defaultResponse:true}).
	 */
	public static GatewayResponse view(ApiComponents components, GatewayResponseType type) {
		GatewayResponse own = components.gatewayResponses().get(type.name());
		if (own != null) {
			return own;
		}
		GatewayResponse family = familyDefault(components, type);
		if (family == null) {
			return standard(type);
		}
		String status = (family.statusCode() != null) ? family.statusCode() : listedStatus(type);
		return new GatewayResponse(type.name(), status, family.responseParameters(), family.responseTemplates(),
				true);
	}

	/** Every type's response, in the order of {@link GatewayResponseType}, as GetGatewayResponses lists them. */
	public static List<GatewayResponse> views(ApiComponents components) {
		List<GatewayResponse> views = new ArrayList<>();
		for (GatewayResponseType type : GatewayResponseType.values()) {
			views.add(view(components, type));
		}
		return views;
	}

	/**
	 * What the data plane answers with for an error of {@code type} in a deployment with these components: the
	 * same inheritance as {@link #view}, with the runtime status where nothing sets one.
	 */
	public static Effective effective(ApiComponents components, GatewayResponseType type) {
		GatewayResponse own = components.gatewayResponses().get(type.name());
		GatewayResponse source = (own != null) ? own : familyDefault(components, type);
		if (source == null) {
			return new Effective(type, type.status(), Map.of(), DEFAULT_TEMPLATES);
		}
		return new Effective(type, status(source.statusCode(), type), source.responseParameters(),
				source.responseTemplates());
	}

	private static int status(@Nullable String statusCode, GatewayResponseType type) {
		// The management API admits only [1-5]\d\d; anything else came from elsewhere and is not trusted.
		return (statusCode != null && STATUS_CODE.matcher(statusCode).matches()) ? Integer.parseInt(statusCode)
				: type.status();
	}

	private static @Nullable GatewayResponse familyDefault(ApiComponents components, GatewayResponseType type) {
		if (isFamilyDefault(type)) {
			return null;
		}
		GatewayResponseType family = (type.status() >= 500) ? GatewayResponseType.DEFAULT_5XX
				: GatewayResponseType.DEFAULT_4XX;
		return components.gatewayResponses().get(family.name());
	}

	/**
	 * A gateway response resolved for rendering: its status, its {@code responseParameters} (header mapping
	 * expressions such as {@code 'literal'} or {@code method.request.header.X}, still to be evaluated) and its
	 * templates by content type.
	 */
	public record Effective(GatewayResponseType type, int statusCode, Map<String, String> responseParameters,
			Map<String, String> responseTemplates) {

		public Effective {
			responseParameters = Collections.unmodifiableMap(new LinkedHashMap<>(responseParameters));
			responseTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(responseTemplates));
		}

		/** The {@code x-amzn-ErrorType} of the response. */
		public String errorType() {
			return this.type.errorType();
		}

		/** The headers to set, by name, each a mapping expression to evaluate against the request. */
		public Map<String, String> headers() {
			Map<String, String> headers = new LinkedHashMap<>();
			this.responseParameters.forEach((key, expression) -> {
				if (key.startsWith(HEADER_PARAMETER_PREFIX)) {
					headers.put(key.substring(HEADER_PARAMETER_PREFIX.length()), expression);
				}
			});
			return headers;
		}

		/**
		 * The template for a content type: the one keyed by it, else the {@code application/json} one, else any;
		 * {@code null} only when the response has no template at all.
		 */
		public @Nullable String template(@Nullable String contentType) {
			if (contentType != null && this.responseTemplates.containsKey(contentType)) {
				return this.responseTemplates.get(contentType);
			}
			String json = this.responseTemplates.get(DEFAULT_CONTENT_TYPE);
			if (json != null) {
				return json;
			}
			return this.responseTemplates.values().stream().findFirst().orElse(null);
		}

	}

}

package io.tollgate.response;

import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.GatewayResponse;
import io.tollgate.pipeline.GatewayResponseType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayResponsesTests {

	private static final String CUSTOM_TEMPLATE = "{\"error\":$context.error.messageString}";

	private static ApiComponents customised(GatewayResponse... responses) {
		Map<String, GatewayResponse> byType = new java.util.LinkedHashMap<>();
		for (GatewayResponse response : responses) {
			byType.put(response.responseType(), response);
		}
		return new ApiComponents(null, null, null, byType);
	}

	private static GatewayResponse put(GatewayResponseType type, String statusCode, Map<String, String> parameters,
			Map<String, String> templates) {
		return GatewayResponses.customised(type, statusCode, parameters, templates);
	}

	@Nested
	class Effective {

		@Test
		void uncustomisedTypeAnswersAwsDefault() {
			GatewayResponses.Effective effective = GatewayResponses.effective(ApiComponents.EMPTY,
					GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
			assertThat(effective.statusCode()).isEqualTo(403);
			assertThat(effective.errorType()).isEqualTo("MissingAuthenticationTokenException");
			assertThat(effective.headers()).isEmpty();
			assertThat(effective.responseTemplates())
				.containsExactly(Map.entry("application/json", "{\"message\":$context.error.messageString}"));
		}

		@Test
		void integrationFailureAnswers500AlthoughListedAs504() {
			assertThat(GatewayResponses.effective(ApiComponents.EMPTY, GatewayResponseType.INTEGRATION_FAILURE)
				.statusCode()).isEqualTo(500);
			assertThat(GatewayResponses.view(ApiComponents.EMPTY, GatewayResponseType.INTEGRATION_FAILURE)
				.statusCode()).isEqualTo("504");
		}

		@Test
		void customisedTypeAnswersItsOwnStatusHeadersAndTemplate() {
			ApiComponents components = customised(put(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, "404",
					Map.of("gatewayresponse.header.x-reason", "'missing'"), Map.of("application/json", CUSTOM_TEMPLATE)));
			GatewayResponses.Effective effective = GatewayResponses.effective(components,
					GatewayResponseType.MISSING_AUTHENTICATION_TOKEN);
			assertThat(effective.statusCode()).isEqualTo(404);
			assertThat(effective.headers()).containsExactly(Map.entry("x-reason", "'missing'"));
			assertThat(effective.template("application/json")).isEqualTo(CUSTOM_TEMPLATE);
		}

		@Test
		void customisedDefault5xxIsInheritedByEveryUncustomised5xxType() {
			ApiComponents components = customised(
					put(GatewayResponseType.DEFAULT_5XX, "599", Map.of("gatewayresponse.header.x-family", "'5xx'"),
							Map.of("application/json", CUSTOM_TEMPLATE)),
					put(GatewayResponseType.AUTHORIZER_FAILURE, null, Map.of("gatewayresponse.header.foo", "'bar'"),
							null));
			for (GatewayResponseType type : new GatewayResponseType[] { GatewayResponseType.API_CONFIGURATION_ERROR,
					GatewayResponseType.AUTHORIZER_CONFIGURATION_ERROR, GatewayResponseType.INTEGRATION_FAILURE,
					GatewayResponseType.INTEGRATION_TIMEOUT, GatewayResponseType.DEFAULT_5XX }) {
				GatewayResponses.Effective effective = GatewayResponses.effective(components, type);
				assertThat(effective.statusCode()).as(type.name()).isEqualTo(599);
				assertThat(effective.headers()).as(type.name()).containsExactly(Map.entry("x-family", "'5xx'"));
				assertThat(effective.template("application/json")).as(type.name()).isEqualTo(CUSTOM_TEMPLATE);
				assertThat(effective.errorType()).isEqualTo(type.errorType());
			}
			GatewayResponses.Effective own = GatewayResponses.effective(components,
					GatewayResponseType.AUTHORIZER_FAILURE);
			assertThat(own.statusCode()).isEqualTo(500);
			assertThat(own.headers()).containsExactly(Map.entry("foo", "'bar'"));
			assertThat(own.template("application/json")).isEqualTo(GatewayResponses.DEFAULT_TEMPLATE);
			assertThat(GatewayResponses.effective(components, GatewayResponseType.UNAUTHORIZED).statusCode())
				.isEqualTo(401);
		}

		@Test
		void default4xxWithoutStatusKeepsEachTypesStatusButLendsItsHeaders() {
			ApiComponents components = customised(put(GatewayResponseType.DEFAULT_4XX, null,
					Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"), null));
			GatewayResponses.Effective unauthorized = GatewayResponses.effective(components,
					GatewayResponseType.UNAUTHORIZED);
			assertThat(unauthorized.statusCode()).isEqualTo(401);
			assertThat(unauthorized.headers()).containsExactly(Map.entry("Access-Control-Allow-Origin", "'*'"));
			assertThat(GatewayResponses.effective(components, GatewayResponseType.THROTTLED).statusCode())
				.isEqualTo(429);
			assertThat(GatewayResponses.effective(components, GatewayResponseType.DEFAULT_4XX).statusCode())
				.isEqualTo(403);
			assertThat(GatewayResponses.effective(components, GatewayResponseType.INTEGRATION_TIMEOUT).headers())
				.isEmpty();
		}

		@Test
		void templateFallsBackToJsonThenToAnyTemplate() {
			GatewayResponses.Effective both = new GatewayResponses.Effective(GatewayResponseType.THROTTLED, 429,
					Map.of(), Map.of("application/json", "json", "application/xml", "xml"));
			assertThat(both.template("application/xml")).isEqualTo("xml");
			assertThat(both.template("text/plain")).isEqualTo("json");
			assertThat(both.template(null)).isEqualTo("json");
			GatewayResponses.Effective xmlOnly = new GatewayResponses.Effective(GatewayResponseType.THROTTLED, 429,
					Map.of(), Map.of("application/xml", "xml"));
			assertThat(xmlOnly.template("application/json")).isEqualTo("xml");
		}

	}

	@Nested
	class View {

		@Test
		void everyTypeIsListedWithAwsDefaults() {
			assertThat(GatewayResponses.views(ApiComponents.EMPTY)).hasSize(GatewayResponseType.values().length)
				.allSatisfy((response) -> {
					assertThat(response.defaultResponse()).isTrue();
					assertThat(response.responseParameters()).isEmpty();
					assertThat(response.responseTemplates())
						.containsExactly(Map.entry("application/json", GatewayResponses.DEFAULT_TEMPLATE));
				});
			assertThat(GatewayResponses.view(ApiComponents.EMPTY, GatewayResponseType.DEFAULT_4XX).statusCode())
				.isNull();
			assertThat(GatewayResponses.view(ApiComponents.EMPTY, GatewayResponseType.DEFAULT_5XX).statusCode())
				.isNull();
			assertThat(GatewayResponses.view(ApiComponents.EMPTY, GatewayResponseType.QUOTA_EXCEEDED).statusCode())
				.isEqualTo("429");
		}

		@Test
		void inheritedResponsesStayDefaultResponses() {
			ApiComponents components = customised(put(GatewayResponseType.DEFAULT_5XX, "599", null, null));
			GatewayResponse inherited = GatewayResponses.view(components, GatewayResponseType.INTEGRATION_TIMEOUT);
			assertThat(inherited.statusCode()).isEqualTo("599");
			assertThat(inherited.defaultResponse()).isTrue();
			assertThat(GatewayResponses.view(components, GatewayResponseType.DEFAULT_5XX).defaultResponse()).isFalse();
		}

		@Test
		void putWithoutStatusOrTemplatesKeepsTheTypesDefaults() {
			GatewayResponse put = GatewayResponses.customised(GatewayResponseType.MISSING_AUTHENTICATION_TOKEN, null,
					Map.of("gatewayresponse.header.a", "'b'"), null);
			assertThat(put.statusCode()).isEqualTo("403");
			assertThat(put.responseTemplates())
				.containsExactly(Map.entry("application/json", GatewayResponses.DEFAULT_TEMPLATE));
			assertThat(put.defaultResponse()).isFalse();
			assertThat(GatewayResponses.customised(GatewayResponseType.DEFAULT_4XX, null, null, null).statusCode())
				.isNull();
		}

	}

	@Test
	void unknownTypeIsAValidationException() {
		assertThatThrownBy(() -> GatewayResponses.type("FAKE_RESPONSE_TYPE")).isInstanceOf(ApiModelException.class)
			.hasMessageStartingWith("1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType'")
			.satisfies((ex) -> {
				assertThat(((ApiModelException) ex).status()).isEqualTo(400);
				assertThat(((ApiModelException) ex).errorType()).isEqualTo("ValidationException");
			});
		assertThat(GatewayResponses.type("WAF_FILTERED")).isEqualTo(GatewayResponseType.WAF_FILTERED);
	}

}

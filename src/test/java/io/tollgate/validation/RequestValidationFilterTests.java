package io.tollgate.validation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.model.Model;
import io.tollgate.model.RequestValidator;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.response.GatewayResponses;
import io.tollgate.test.BaseGatewayTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.tollgate.test.TestApis.deploy;
import static io.tollgate.test.TestApis.mock;
import static io.tollgate.test.TestApis.withMethod;

/** Request validators through a running gateway: AWS's 400s for missing parameters and invalid bodies. */
class RequestValidationFilterTests extends BaseGatewayTests {

	private static final String PET_SCHEMA = """
			{"$schema": "http://json-schema.org/draft-04/schema#", "title": "Pet", "type": "object",
			 "required": ["name", "owner"],
			 "properties": {"name": {"type": "string", "minLength": 1},
			   "owner": {"$ref": "https://apigateway.amazonaws.com/restapis/validated/models/Owner"},
			   "age": {"type": "integer", "minimum": 0}}}""";

	private static final String OWNER_SCHEMA = """
			{"$schema": "http://json-schema.org/draft-04/schema#", "title": "Owner", "type": "object",
			 "required": ["email"], "properties": {"email": {"type": "string"}},
			 "oneOf": [{"required": ["phone"]}, {"required": ["address"]}]}""";

	private ApiDefinition validatedApi() {
		Map<String, Boolean> parameters = new LinkedHashMap<>();
		parameters.put("method.request.querystring.qs1", true);
		parameters.put("method.request.header.x-header-param", true);
		parameters.put("method.request.path.issuer", true);
		parameters.put("method.request.querystring.optional", false);
		Method all = new Method("POST", AuthorizationType.NONE, null, false, null, "all", parameters,
				Map.of("application/json", "Pet"), null, null, mock("{\"name\": $input.json('$.name')}"));
		Method paramsOnly = new Method("GET", AuthorizationType.NONE, null, false, null, "params",
				Map.of("method.request.querystring.qs1", true), Map.of("application/json", "Pet"), null, null,
				mock("{\"ok\": true}"));
		Method bodyOnly = new Method("PUT", AuthorizationType.NONE, null, false, null, "body",
				Map.of("method.request.querystring.qs1", true), Map.of("$default", "Pet"), null, null,
				mock("{\"ok\": true}"));
		ApiDefinition api = TestApis.api("validated");
		api = withMethod(api, "/pets/{issuer}", all);
		api = withMethod(api, "/pets/{issuer}", paramsOnly);
		api = withMethod(api, "/pets/{issuer}", bodyOnly);
		api = api.withComponents(new ApiComponents(null,
				Map.of("all", new RequestValidator("all", "all", true, true),
						"params", new RequestValidator("params", "params", false, true),
						"body", new RequestValidator("body", "body", true, false)),
				Map.of("pet", new Model("pet", "Pet", null, PET_SCHEMA, "application/json"),
						"owner", new Model("owner", "Owner", null, OWNER_SCHEMA, "application/json"),
						"empty", new Model("empty", "Empty", null, "{}", "application/json")),
				Map.of("DEFAULT_4XX", GatewayResponses.customised(GatewayResponseType.DEFAULT_4XX, null,
						Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"), null))));
		return deploy(api, "d1", "prod", Map.of());
	}

	private WebTestClient.ResponseSpec post(String pathAndQuery, String header, String body) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri("/restapis/validated/prod/_user_request_" + pathAndQuery)
			.contentType(MediaType.APPLICATION_JSON);
		if (header != null) {
			request.header("x-header-param", header);
		}
		return request.bodyValue(body).exchange();
	}

	private static final String VALID_PET = "{\"name\": \"rex\", \"owner\": {\"email\": \"a@b.c\", \"phone\": \"1\"}}";

	@Test
	void missingRequiredParametersAreListedInAwsOrder() {
		serve(validatedApi());
		post("/pets/acme", null, VALID_PET).expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals("x-amzn-ErrorType", "BadRequestException")
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Missing required request parameters: [x-header-param, qs1]\"}");
		post("/pets/acme?qs1=1", null, VALID_PET).expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Missing required request parameters: [x-header-param]\"}");
	}

	@Test
	void missingParametersAreReportedBeforeAnInvalidBody() {
		serve(validatedApi());
		post("/pets/acme", "h", "not json").expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Missing required request parameters: [qs1]\"}");
	}

	@Test
	void validRequestReachesIntegrationWithItsBody() {
		serve(validatedApi());
		post("/pets/acme?qs1=1", "h", VALID_PET).expectStatus().isOk().expectBody().json("{\"name\": \"rex\"}", true);
	}

	@Test
	void bodyFailingModelIsInvalidRequestBody() {
		serve(validatedApi());
		for (String body : new String[] { "{\"name\": \"\", \"owner\": {\"email\": \"a\", \"phone\": \"1\"}}",
				"{\"name\": \"rex\"}", "{\"name\": \"rex\", \"owner\": {\"email\": \"a\"}}",
				"{\"name\": \"rex\", \"owner\": {\"email\": \"a\", \"phone\": \"1\", \"address\": \"x\"}}",
				"{\"name\": \"rex\", \"age\": -1, \"owner\": {\"email\": \"a\", \"phone\": \"1\"}}", "not json",
				"" }) {
			post("/pets/acme?qs1=1", "h", body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.valueEquals("x-amzn-ErrorType", "BadRequestException")
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectBody(String.class)
				.isEqualTo("{\"message\":\"Invalid request body\"}");
		}
	}

	@Test
	void parametersOnlyValidatorIgnoresBody() {
		serve(validatedApi());
		this.client.get()
			.uri("/restapis/validated/prod/_user_request_/pets/acme")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Missing required request parameters: [qs1]\"}");
		this.client.get()
			.uri("/restapis/validated/prod/_user_request_/pets/acme?qs1=x")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void bodyOnlyValidatorUsesDefaultModelAndIgnoresParameters() {
		serve(validatedApi());
		this.client.put()
			.uri("/restapis/validated/prod/_user_request_/pets/acme")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"name\": \"rex\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("{\"message\":\"Invalid request body\"}");
		this.client.put()
			.uri("/restapis/validated/prod/_user_request_/pets/acme")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(VALID_PET)
			.exchange()
			.expectStatus()
			.isOk();
	}

}

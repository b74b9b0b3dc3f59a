package io.tollgate.admin.openapi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.Method;
import io.tollgate.model.Model;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.RequestValidator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.tollgate.admin.openapi.TestDefinitions.read;
import static io.tollgate.admin.openapi.TestDefinitions.readContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenApiReaderTests {

	@Nested
	class PetStore {

		private final ImportedApi petStore = read("petstore.yaml");

		@Test
		void pathsBecomeResourcesAndOperationsMethods() {
			assertThat(this.petStore.methodsByPath()).containsOnlyKeys("/", "/pets", "/pets/{petId}",
					"/store/{proxy+}");
			assertThat(this.petStore.methodsByPath().get("/pets")).containsOnlyKeys("GET", "POST", "OPTIONS");
			assertThat(this.petStore.methodsByPath().get("/store/{proxy+}")).containsOnlyKeys("ANY");
			assertThat(this.petStore.settings().title()).isEqualTo("PetStore");
			assertThat(this.petStore.settings().description()).startsWith("Your first API");
			assertThat(this.petStore.settings().version()).isEqualTo("2016-09-29T20:27:30Z");
			assertThat(this.petStore.warnings()).isEmpty();
		}

		@Test
		void integrationResponsesAreKeyedBySelectionPatternInTheDocument() {
			Integration integration = method("/pets", "POST").methodIntegration();
			assertThat(integration.type()).isEqualTo(IntegrationType.MOCK);
			assertThat(integration.passthroughBehavior()).isEqualTo(PassthroughBehavior.WHEN_NO_TEMPLATES);
			assertThat(integration.integrationResponses()).containsOnlyKeys("400", "200");
			IntegrationResponse error = integration.integrationResponses().get("400");
			assertThat(error.selectionPattern()).isEqualTo("4\\d{2}");
			assertThat(error.responseTemplates()).containsEntry("application/json", "{\"message\": \"No dragons\"}");
			IntegrationResponse success = integration.integrationResponses().get("200");
			assertThat(success.isDefault()).isTrue();
			assertThat(success.responseParameters())
				.containsEntry("method.response.header.Access-Control-Allow-Origin", "'*'");
		}

		@Test
		void httpProxyIntegrationKeepsItsUriParametersAndTimeout() {
			Method method = method("/pets/{petId}", "GET");
			assertThat(method.operationName()).isEqualTo("GetPet");
			assertThat(method.requestParameters()).containsExactly(Map.entry("method.request.path.petId", true));
			Integration integration = method.methodIntegration();
			assertThat(integration.type()).isEqualTo(IntegrationType.HTTP_PROXY);
			assertThat(integration.httpMethod()).isEqualTo("GET");
			assertThat(integration.uri()).isEqualTo("${stageVariables.petsBackend}/pets/{petId}");
			assertThat(integration.requestParameters())
				.containsExactly(Map.entry("integration.request.path.petId", "method.request.path.petId"));
			assertThat(integration.timeoutInMillis()).isEqualTo(5000);
		}

		@Test
		void anyMethodIsTheGreedyProxyOfTheStore() {
			Method method = method("/store/{proxy+}", "ANY");
			assertThat(method.methodIntegration().httpMethod()).isEqualTo("ANY");
			assertThat(method.methodIntegration().cacheKeyParameters()).containsExactly("method.request.path.proxy");
			assertThat(method.methodIntegration().cacheNamespace()).isEqualTo("store");
			assertThat(method.requestParameters()).containsEntry("method.request.path.proxy", true);
		}

		@Test
		void parametersBodiesAndResponsesBecomeMethodRequestsAndResponses() {
			Method list = method("/pets", "GET");
			assertThat(list.requestParameters()).containsOnly(Map.entry("method.request.querystring.type", false),
					Map.entry("method.request.querystring.page", false));
			assertThat(list.methodResponses().get("200").responseParameters())
				.containsExactly(Map.entry("method.response.header.Access-Control-Allow-Origin", false));
			assertThat(list.methodResponses().get("200").responseModels())
				.containsExactly(Map.entry("application/json", "Pets"));
			Method create = method("/pets", "POST");
			assertThat(create.requestModels()).containsExactly(Map.entry("application/json", "NewPet"));
			assertThat(create.methodResponses()).containsOnlyKeys("200", "400");
		}

		@Test
		void schemasBecomeModelsReferringToEachOtherByUrl() {
			Map<String, Model> models = byName(this.petStore.components().models().values());
			assertThat(models).containsOnlyKeys("Pets", "Empty", "NewPetResponse", "Pet", "NewPet", "PetType");
			Model pets = models.get("Pets");
			assertThat(pets.contentType()).isEqualTo("application/json");
			assertThat(pets.schema())
				.contains("\"$ref\":\"https://apigateway.amazonaws.com/restapis/testapi123/models/Pet\"");
		}

		private Method method(String path, String verb) {
			return this.petStore.methodsByPath().get(path).get(verb);
		}

	}

	@Nested
	class Security {

		private final ImportedApi secured = read("secured.yaml");

		@Test
		void authorizerExtensionsBecomeAuthorizers() {
			Map<String, Authorizer> authorizers = byName(this.secured.components().authorizers().values());
			assertThat(authorizers).containsOnlyKeys("token-authorizer", "request-authorizer", "cognito");
			Authorizer token = authorizers.get("token-authorizer");
			assertThat(token.type()).isEqualTo(AuthorizerType.TOKEN);
			assertThat(token.authType()).isEqualTo("custom");
			assertThat(token.identitySource()).isEqualTo("method.request.header.Authorization");
			assertThat(token.identityValidationExpression()).isEqualTo("^Bearer [-0-9a-zA-Z._]*$");
			assertThat(token.authorizerResultTtlInSeconds()).isEqualTo(60);
			assertThat(token.authorizerUri()).endsWith(":function:token/invocations");
			Authorizer request = authorizers.get("request-authorizer");
			assertThat(request.type()).isEqualTo(AuthorizerType.REQUEST);
			assertThat(request.identitySource())
				.isEqualTo("method.request.header.X-User, method.request.querystring.tenant");
			assertThat(request.authorizerResultTtlInSeconds()).isZero();
			Authorizer cognito = authorizers.get("cognito");
			assertThat(cognito.type()).isEqualTo(AuthorizerType.COGNITO_USER_POOLS);
			assertThat(cognito.providerARNs()).containsExactly(
					"arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc123");
		}

		@Test
		void securityRequirementsBecomeAuthorizationAndApiKeys() {
			Map<String, Authorizer> authorizers = byName(this.secured.components().authorizers().values());
			Method token = method("/token", "GET");
			assertThat(token.authorizationType()).isEqualTo(AuthorizationType.CUSTOM);
			assertThat(token.authorizerId()).isEqualTo(authorizers.get("token-authorizer").id());
			assertThat(token.apiKeyRequired()).isTrue();
			Method cognito = method("/cognito", "GET");
			assertThat(cognito.authorizationType()).isEqualTo(AuthorizationType.COGNITO_USER_POOLS);
			assertThat(cognito.authorizationScopes()).containsExactly("email", "openid");
			Method iam = method("/iam", "POST");
			assertThat(iam.authorizationType()).isEqualTo(AuthorizationType.AWS_IAM);
			assertThat(iam.authorizerId()).isNull();
			assertThat(iam.apiKeyRequired()).isFalse();
			assertThat(iam.methodIntegration().type()).isEqualTo(IntegrationType.AWS_PROXY);
			assertThat(iam.methodIntegration().credentials()).isEqualTo("arn:aws:iam::000000000000:role/invoker");
		}

		@Test
		void requestValidatorsApplyPerMethodWithTheDocumentsDefault() {
			Map<String, RequestValidator> validators = byName(
					this.secured.components().requestValidators().values());
			assertThat(validators.get("all").validateRequestBody()).isTrue();
			assertThat(validators.get("params-only").validateRequestBody()).isFalse();
			assertThat(validators.get("params-only").validateRequestParameters()).isTrue();
			assertThat(method("/token", "GET").requestValidatorId()).isEqualTo(validators.get("all").id());
			assertThat(method("/request", "GET").requestValidatorId()).isEqualTo(validators.get("params-only").id());
			assertThat(method("/token", "GET").requestParameters())
				.containsExactly(Map.entry("method.request.header.X-Trace", true));
		}

		@Test
		void apiLevelExtensionsBecomeTheApisSettingsAndGatewayResponses() {
			ImportedApi.Settings settings = this.secured.settings();
			assertThat(settings.apiKeySource()).isEqualTo(ApiKeySource.AUTHORIZER);
			assertThat(settings.binaryMediaTypes()).containsExactly("image/png", "application/octet-stream");
			assertThat(settings.policy()).contains("\"Action\":\"execute-api:Invoke\"");
			assertThat(settings.vpcEndpointIds()).containsExactly("vpce-0123456789abcdef0");
			Map<String, GatewayResponse> responses = this.secured.components().gatewayResponses();
			assertThat(responses).containsOnlyKeys("DEFAULT_4XX", "UNAUTHORIZED");
			assertThat(responses.get("UNAUTHORIZED").statusCode()).isEqualTo("401");
			assertThat(responses.get("DEFAULT_4XX").responseParameters())
				.containsEntry("gatewayresponse.header.Access-Control-Allow-Origin", "'*'");
		}

		private Method method(String path, String verb) {
			return this.secured.methodsByPath().get(path).get(verb);
		}

	}

	@Nested
	class Swagger2 {

		@Test
		void swaggerIsReadInItsOpenApi3Form() {
			ImportedApi orders = read("swagger2.yaml");
			assertThat(orders.settings().title()).isEqualTo("Orders");
			Method create = orders.methodsByPath().get("/orders").get("POST");
			assertThat(create.apiKeyRequired()).isTrue();
			assertThat(create.requestModels()).containsExactly(Map.entry("application/json", "Order"));
			assertThat(create.requestParameters())
				.containsExactly(Map.entry("method.request.querystring.dryRun", false));
			assertThat(create.methodResponses().get("201").responseParameters())
				.containsExactly(Map.entry("method.response.header.Location", false));
			assertThat(create.methodResponses().get("201").responseModels())
				.containsExactly(Map.entry("application/json", "Order"));
			Method any = orders.methodsByPath().get("/orders/{orderId}/{proxy+}").get("ANY");
			assertThat(any.requestModels()).containsExactly(Map.entry("application/json", "Order"));
			assertThat(any.requestParameters()).containsOnlyKeys("method.request.path.orderId",
					"method.request.path.proxy");
			assertThat(orders.warnings()).isEmpty();
		}

		@Test
		void basePathIsIgnoredPrependedOrSplitAsAsked() {
			assertThat(read("swagger2.yaml").methodsByPath()).containsKey("/orders");
			assertThat(read("swagger2.yaml", TestDefinitions.options(ImportOptions.Mode.IMPORT,
					ImportOptions.BasePath.PREPEND)).methodsByPath()).containsKey("/prod/v2/orders");
			assertThat(read("swagger2.yaml", TestDefinitions.options(ImportOptions.Mode.IMPORT,
					ImportOptions.BasePath.SPLIT)).methodsByPath()).containsKey("/v2/orders");
			// OpenAPI 3: the basePath variable of the first server.
			assertThat(read("petstore.yaml", TestDefinitions.options(ImportOptions.Mode.IMPORT,
					ImportOptions.BasePath.PREPEND)).methodsByPath()).containsKeys("/v1", "/v1/pets");
		}

	}

	@Nested
	class Problems {

		@Test
		void parseIssuesAndIgnoredPartsAreWarnings() {
			ImportedApi api = readContent("""
					openapi: 3.0.1
					info: {title: Loose}
					paths:
					  /things:
					    post:
					      requestBody:
					        content:
					          application/json: {schema: {type: object}}
					      responses:
					        "200": {content: {application/json: {schema: {$ref: "#/components/schemas/Gone"}}}}
					      security: [{oauth: []}]
					components:
					  securitySchemes:
					    oauth: {type: oauth2, flows: {implicit: {authorizationUrl: "https://example.com", scopes: {}}}}
					""", TestDefinitions.IMPORT);
			assertThat(api.warnings()).contains("Parse issue: attribute info.version is missing",
					"Unsupported inline schema in request body of method 'POST /things'. Ignoring.",
					"Reference to model 'Gone' not found. Ignoring.",
					"Unsupported security definition 'oauth' of type 'oauth2'. Ignoring.");
			assertThat(api.methodsByPath().get("/things").get("POST").authorizationType())
				.isEqualTo(AuthorizationType.NONE);
		}

		@Test
		void unreadableDocumentsAreErrors() {
			assertThatThrownBy(() -> readContent("not: [valid", TestDefinitions.IMPORT))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessageStartingWith("Errors found during import:\n\tmalformed or unreadable swagger supplied");
			assertThatThrownBy(() -> readContent("{\"foo\": 1}", TestDefinitions.IMPORT))
				.hasMessageContaining("neither an OpenAPI 3.0");
			assertThatThrownBy(() -> readContent("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}",
					TestDefinitions.IMPORT))
				.hasMessageContaining("Unsupported OpenAPI version 3.1.0");
			assertThatThrownBy(() -> readContent("", TestDefinitions.IMPORT))
				.hasMessageContaining("empty or null swagger supplied");
		}

		@Test
		void whatTheModelRefusesIsAnErrorNamingThePlace() {
			ImportedApi api = readContent("""
					openapi: 3.0.1
					info: {title: Broken, version: "1"}
					paths:
					  /a b:
					    get:
					      responses: {"200": {description: ok}}
					  /http:
					    get:
					      responses: {"200": {description: ok}}
					      x-amazon-apigateway-integration: {type: http, httpMethod: GET}
					  /odd:
					    get:
					      responses: {"200": {description: ok}}
					      x-amazon-apigateway-integration: {type: lambda_magic}
					components:
					  schemas:
					    Not_Alphanumeric: {type: object}
					""", TestDefinitions.IMPORT);
			assertThatThrownBy(() -> api.create(TestDefinitions.API_ID))
				.isInstanceOf(ApiModelException.BadRequest.class)
				.hasMessageStartingWith("Errors found during import:")
				.hasMessageContaining("Unable to create model for 'Not_Alphanumeric': Invalid model name specified")
				.hasMessageContaining("Unable to put integration on 'GET' for resource at path '/http': "
						+ "Invalid integration URI specified")
				.hasMessageContaining("Unable to put integration on 'GET' for resource at path '/odd': "
						+ "Invalid integration type specified: lambda_magic")
				.hasMessageContaining("Unable to create resource at path '/a b': Resource's path part only allow");
		}

		@Test
		void warningsFailOnlyWhenAskedTo() {
			String loose = "openapi: 3.0.1\ninfo: {title: Loose}\npaths:\n  /x:\n    get:\n"
					+ "      responses: {\"200\": {description: ok}}\n";
			assertThat(readContent(loose, TestDefinitions.IMPORT).create("looseapi").restApi().name())
				.isEqualTo("Loose");
			ImportOptions failing = new ImportOptions(ImportOptions.Mode.IMPORT, true, ImportOptions.BasePath.IGNORE,
					null);
			assertThatThrownBy(() -> readContent(loose, failing).create("looseapi"))
				.hasMessage("Warnings found during import:\n\tParse issue: attribute info.version is missing");
		}

	}

	private static <T> Map<String, T> byName(Collection<T> components) {
		Map<String, T> byName = new LinkedHashMap<>();
		for (T component : components) {
			if (component instanceof Authorizer authorizer) {
				byName.put(authorizer.name(), component);
			}
			else if (component instanceof RequestValidator validator) {
				byName.put(validator.name(), component);
			}
			else if (component instanceof Model model) {
				byName.put(model.name(), component);
			}
		}
		return byName;
	}

}

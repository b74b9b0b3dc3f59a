package io.tollgate.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tollgate.model.AccessLogSettings;
import io.tollgate.model.ApiComponents;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ApiKeySource;
import io.tollgate.model.ApiModelException;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.CanarySettings;
import io.tollgate.model.EndpointConfiguration;
import io.tollgate.model.GatewayResponse;
import io.tollgate.model.Integration;
import io.tollgate.model.IntegrationResponse;
import io.tollgate.model.IntegrationType;
import io.tollgate.model.Method;
import io.tollgate.model.MethodResponse;
import io.tollgate.model.MethodSetting;
import io.tollgate.model.Model;
import io.tollgate.model.PassthroughBehavior;
import io.tollgate.model.RequestValidator;
import io.tollgate.model.RestApi;
import io.tollgate.model.Stage;
import io.tollgate.model.v2.Api;
import io.tollgate.model.v2.ApiV2Definition;
import io.tollgate.model.v2.Cors;
import io.tollgate.model.v2.ProtocolType;
import io.tollgate.store.ApiStore.ConcurrentModificationException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ApiStore} promises, run against each implementation. A store under test may read through
 * another instance than it writes through ({@link #reader()}), as two replicas sharing one store do.
 */
abstract class ApiStoreContractTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** Nanoseconds included, to check that instants keep their precision. */
	static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123456789Z");

	protected abstract ApiStore writer();

	protected abstract ApiStore reader();

	@Test
	void saveThenFindReturnsAnEqualDefinition() {
		ApiDefinition petstore = fullDefinition("petstore");
		ApiDefinition bookshop = simpleDefinition("bookshop");
		writer().save(petstore, ApiStore.ABSENT).block(TIMEOUT);
		writer().save(bookshop, ApiStore.ABSENT).block(TIMEOUT);
		assertThat(reader().find("petstore").block(TIMEOUT)).isEqualTo(petstore);
		assertThat(reader().findAll().collectList().block(TIMEOUT)).containsExactly(bookshop, petstore);
	}

	@Test
	void findWhenApiIsMissingThenEmpty() {
		StepVerifier.create(reader().find("nothing")).verifyComplete();
		StepVerifier.create(reader().findAll()).verifyComplete();
	}

	@Test
	void saveWhenVersionIsStaleThenConcurrentModification() {
		ApiDefinition created = writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		ApiDefinition first = created.withStage(Stage.of("dev", "dep1", null));
		reader().save(first, created.version()).block(TIMEOUT);
		ApiDefinition stale = created.withStage(Stage.of("test", "dep1", null));
		StepVerifier.create(writer().save(stale, created.version()))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		assertThat(writer().find("petstore").block(TIMEOUT)).isEqualTo(first);
	}

	@Test
	void saveWhenApiAlreadyExistsAndAbsentExpectedThenConcurrentModification() {
		ApiDefinition created = writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(reader().save(simpleDefinition("petstore"), ApiStore.ABSENT))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
		assertThat(writer().find("petstore").block(TIMEOUT)).isEqualTo(created);
	}

	@Test
	void deleteWhenApiIsMissingThenFalse() {
		StepVerifier.create(writer().delete("petstore")).expectNext(false).verifyComplete();
	}

	@Test
	void updateUnderConcurrentUpdatersAppliesEveryChange() {
		ApiDefinition created = writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		int updaters = 8;
		Flux.range(0, updaters)
			.flatMap((i) -> ((i % 2 == 0) ? writer() : reader())
				.update("petstore", (api) -> api.withStage(Stage.of("s" + i, "dep1", null)))
				.subscribeOn(Schedulers.parallel()))
			.then()
			.block(TIMEOUT);
		ApiDefinition updated = reader().find("petstore").block(TIMEOUT);
		assertThat(updated.version()).isEqualTo(created.version() + updaters);
		assertThat(updated.stages()).hasSize(updaters);
	}

	@Test
	void updateWhenApiIsMissingThenNotFound() {
		StepVerifier.create(writer().update("petstore", (api) -> api))
			.expectError(ApiModelException.NotFound.class)
			.verify(TIMEOUT);
	}

	@Test
	void changesWhenSaveIsRefusedThenNothingIsEmitted() {
		StepVerifier.create(reader().changes())
			.then(() -> writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT))
			// The first save's own change (announced through Redis it may arrive a while later; and a change of an
			// earlier test before it), so that only what the refused writes emit is left to see.
			.thenConsumeWhile((change) -> !change.equals(new ApiStore.ApiChange("petstore")))
			.expectNext(new ApiStore.ApiChange("petstore"))
			.then(() -> writer().save(simpleDefinition("petstore"), ApiStore.ABSENT)
				.onErrorComplete(ConcurrentModificationException.class)
				.block(TIMEOUT))
			.then(() -> writer().delete("missing").block(TIMEOUT))
			.expectNoEvent(Duration.ofMillis(300))
			.thenCancel()
			.verify(TIMEOUT);
	}

	@Test
	void httpAndWebSocketApisAreStoredBesideRestApisInOneIdSpace() {
		ApiDefinition rest = writer().save(simpleDefinition("petstore"), ApiStore.ABSENT).block(TIMEOUT);
		ApiV2Definition http = v2(writer()).save(httpApi("httpapi"), ApiStore.ABSENT).block(TIMEOUT);
		assertThat(v2(reader()).find("httpapi").block(TIMEOUT)).isEqualTo(http);
		assertThat(v2(reader()).findAll().collectList().block(TIMEOUT)).containsExactly(http);
		assertThat(reader().findAll().collectList().block(TIMEOUT)).containsExactly(rest);
		StepVerifier.create(reader().find("httpapi")).verifyComplete();
		StepVerifier.create(v2(reader()).find("petstore")).verifyComplete();
		StepVerifier.create(v2(writer()).save(httpApi("petstore"), ApiStore.ABSENT))
			.expectError(ApiModelException.Conflict.class)
			.verify(TIMEOUT);
		StepVerifier.create(writer().delete("httpapi")).expectNext(false).verifyComplete();
		StepVerifier.create(v2(writer()).delete("petstore")).expectNext(false).verifyComplete();
		assertThat(reader().find("petstore").block(TIMEOUT)).isEqualTo(rest);
		StepVerifier.create(v2(writer()).delete("httpapi")).expectNext(true).verifyComplete();
		StepVerifier.create(v2(reader()).find("httpapi")).verifyComplete();
	}

	@Test
	void httpApiChangesAreAnnouncedAndUpdatedWithCompareAndSet() {
		ApiV2Definition created = v2(writer()).save(httpApi("httpapi"), ApiStore.ABSENT).block(TIMEOUT);
		StepVerifier.create(v2(reader()).changes().take(1))
			.then(() -> v2(writer())
				.update("httpapi", (api) -> api.withStage(io.tollgate.model.v2.Stage.of("dev", null, true)))
				.block(TIMEOUT))
			.expectNext(new ApiStore.ApiChange("httpapi"))
			.expectComplete()
			.verify(TIMEOUT);
		ApiV2Definition updated = v2(reader()).find("httpapi").block(TIMEOUT);
		assertThat(updated.version()).isGreaterThan(created.version());
		assertThat(updated.deployedConfiguration("dev")).contains(updated.configuration());
		StepVerifier.create(v2(writer()).save(created.withStage(io.tollgate.model.v2.Stage.of("x", null, false)),
				created.version()))
			.expectError(ConcurrentModificationException.class)
			.verify(TIMEOUT);
	}

	static DefinitionStore<ApiV2Definition> v2(ApiStore store) {
		return ((ApiStoreBackend) store).v2Apis();
	}

	/** An HTTP API with a Lambda route, a JWT authorizer and CORS, not deployed. */
	static ApiV2Definition httpApi(String apiId) {
		Api api = Api.of(apiId, apiId, ProtocolType.HTTP, null)
			.withCorsConfiguration(new Cors(false, null, List.of("GET"), List.of("https://example.com"), null, 60))
			.withCreatedDate(CREATED);
		return ApiV2Definition.create(api)
			.withIntegration(io.tollgate.model.v2.Integration.lambdaProxy("int1",
					"arn:aws:lambda:us-east-1:000000000000:function:hello", "2.0"))
			.withAuthorizer(io.tollgate.model.v2.Authorizer.jwt("auth1", "jwt", "$request.header.Authorization",
					"https://issuer.example.com", List.of("client")))
			.withRoute(io.tollgate.model.v2.Route.of("route1", "GET /pets/{id}", "int1"));
	}

	/** An API with one MOCK method, deployed once as {@code dep1}. */
	static ApiDefinition simpleDefinition(String apiId) {
		ApiDefinition api = ApiDefinition.create(new RestApi(apiId, apiId, null, CREATED, null, null,
				null, null, null));
		return api.withMethod(api.rootResource().id(), method("GET", mockIntegration()))
			.withDeployment("dep1", null);
	}

	/**
	 * An API using every part of the model: settings, nested resources, methods with MOCK and HTTP integrations,
	 * two deployments and a stage with method settings, a canary and access logs.
	 */
	static ApiDefinition fullDefinition(String apiId) {
		RestApi restApi = new RestApi(apiId, "PetStore", "Pets, stored", CREATED,
				List.of("image/png", "application/octet-stream"), ApiKeySource.AUTHORIZER,
				new EndpointConfiguration(List.of("PRIVATE"), List.of("vpce-123")),
				"{\"Version\":\"2012-10-17\",\"Statement\":[]}", Map.of("team", "pets", "cost", "42"));
		ApiDefinition api = ApiDefinition.create(restApi);
		String rootId = api.rootResource().id();
		api = api.withResource(rootId, "pets", null);
		String petsId = api.resourceByPath("/pets").orElseThrow().id();
		api = api.withResource(petsId, "{petId}", "petbyid");
		api = api.withResource(rootId, "{proxy+}", null);
		Integration http = new Integration(IntegrationType.HTTP, "GET", "https://pets.example.com/pets/{id}",
				"INTERNET", null, Map.of("integration.request.path.id", "method.request.path.petId"),
				Map.of("application/json", "{\"id\": \"$input.params('petId')\"}"), PassthroughBehavior.NEVER,
				"CONVERT_TO_TEXT", 5000, "pets", List.of("method.request.path.petId"),
				Map.of("200", new IntegrationResponse("200", null, Map.of("method.response.header.X-Pet", "'1'"),
						Map.of("application/json", "$input.body"), null), "404",
						new IntegrationResponse("404", "4\\d{2}", null, null, "CONVERT_TO_TEXT")));
		Method getPet = new Method("GET", AuthorizationType.CUSTOM, "auth1", true, "GetPet", "validator1",
				Map.of("method.request.path.petId", true, "method.request.header.X-Trace", false),
				Map.of("application/json", "Pet"), List.of("pets/read"),
				Map.of("200", new MethodResponse("200", Map.of("method.response.header.X-Pet", true),
						Map.of("application/json", "Pet"))),
				http);
		api = api.withMethod(api.resourceByPath("/pets/{petId}").orElseThrow().id(), getPet);
		api = api.withMethod(petsId, method("POST", mockIntegration()));
		api = api.withMethod(api.resourceByPath("/{proxy+}").orElseThrow().id(),
				new Method("ANY", AuthorizationType.AWS_IAM, null, false, null, null, null, null, null, null,
						new Integration(IntegrationType.HTTP_PROXY, "ANY", "https://backend.example.com/{proxy}",
								null, null, null, null, null, null, null, null, null, null)));
		api = api.withComponents(new ApiComponents(
				Map.of("auth1", new Authorizer("auth1", "tokens", AuthorizerType.TOKEN, null, "custom",
						"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations",
						null, "method.request.header.Authorization", "^Bearer .+$", 60)),
				Map.of("validator1", new RequestValidator("validator1", "all", true, true)),
				Map.of("Pet", new Model("pet0000001", "Pet", null, "{\"type\":\"object\"}", "application/json")),
				Map.of("DEFAULT_4XX", new GatewayResponse("DEFAULT_4XX", "400",
						Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"), null, false))));
		api = api.withDeployment("dep1", "first").withDeployment("dep2", null);
		Map<String, MethodSetting> methodSettings = Map.of(MethodSetting.ALL_METHODS,
				new MethodSetting(true, "INFO", false, 100, 50.5, true, 300, false, true, "SUCCEED_WITH_RESPONSE_HEADER"),
				MethodSetting.keyFor("/pets/{petId}", "GET"),
				new MethodSetting(null, null, null, 10, 2.0, null, null, null, null, null));
		Stage prod = new Stage("prod", "dep1", "production", Map.of("backend", "pets.example.com", "k", "v"),
				methodSettings, true, "0.5", new CanarySettings("dep2", 12.5, Map.of("backend", "canary"), true),
				true, new AccessLogSettings("$context.requestId", "arn:aws:logs:us-east-1:000000000000:log-group:x"),
				Map.of("env", "prod"), null, null);
		return api.withStage(prod).withStage(Stage.of("dev", "dep2", Map.of("k", "v")));
	}

	static Method method(String verb, Integration integration) {
		return new Method(verb, null, null, false, null, null, null, null, null, null, integration);
	}

	static Integration mockIntegration() {
		return new Integration(IntegrationType.MOCK, null, null, null, null, null,
				Map.of("application/json", "{\"statusCode\": 200}"), null, null, null, null, null,
				Map.of("200", new IntegrationResponse("200", null, null, null, null)));
	}

}

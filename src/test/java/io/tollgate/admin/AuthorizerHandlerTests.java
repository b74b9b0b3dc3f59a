package io.tollgate.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Method;
import io.tollgate.store.ModelJson;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiGatewayException;
import software.amazon.awssdk.services.apigateway.model.Authorizer;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateAuthorizerResponse;
import software.amazon.awssdk.services.apigateway.model.GetAuthorizerResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateAuthorizerResponse;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizerHandlerTests extends BaseAdminTests {

	private static final String LAMBDA_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
			+ "arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations";

	private static final String POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc";

	private static final String OTHER_POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_def";

	@Value("${tollgate.data-dir}")
	private String dataDir;

	private String apiId;

	@BeforeEach
	void createApi() {
		this.apiId = this.apiGateway.createRestApi((r) -> r.name("authorizers")).id();
	}

	private String tokenAuthorizer(String name) {
		return this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name(name)
			.type(AuthorizerType.TOKEN)
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.header.Authorization")).id();
	}

	@Test
	void creatingATokenAuthorizerReturnsItAsAwsDoes() {
		CreateAuthorizerResponse created = this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("tokens")
			.type(AuthorizerType.TOKEN)
			.authType("custom")
			.authorizerUri(LAMBDA_URI)
			.authorizerCredentials("arn:aws:iam::123456789012:role/invoker")
			.identitySource("method.request.header.Auth")
			.identityValidationExpression("^Bearer [-0-9a-zA-Z._]*$")
			.authorizerResultTtlInSeconds(60));
		assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("tokens");
		assertThat(created.type()).isEqualTo(AuthorizerType.TOKEN);
		assertThat(created.authType()).isEqualTo("custom");
		assertThat(created.authorizerUri()).isEqualTo(LAMBDA_URI);
		assertThat(created.authorizerCredentials()).isEqualTo("arn:aws:iam::123456789012:role/invoker");
		assertThat(created.identitySource()).isEqualTo("method.request.header.Auth");
		assertThat(created.identityValidationExpression()).isEqualTo("^Bearer [-0-9a-zA-Z._]*$");
		assertThat(created.authorizerResultTtlInSeconds()).isEqualTo(60);
		assertThat(created.providerARNs()).isEmpty();

		GetAuthorizerResponse fetched = this.apiGateway
			.getAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(created.id()));
		assertThat(fetched.id()).isEqualTo(created.id());
		assertThat(fetched.name()).isEqualTo("tokens");
		assertThat(fetched.type()).isEqualTo(AuthorizerType.TOKEN);
		assertThat(fetched.authorizerResultTtlInSeconds()).isEqualTo(60);
		assertThat(fetched.identityValidationExpression()).isEqualTo("^Bearer [-0-9a-zA-Z._]*$");
	}

	@Test
	void requestAndCognitoAuthorizersAreListed() {
		String request = this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("params")
			.type(AuthorizerType.REQUEST)
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.header.Auth, method.request.querystring.key, stageVariables.tenant")).id();
		CreateAuthorizerResponse cognito = this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("users")
			.type(AuthorizerType.COGNITO_USER_POOLS)
			.providerARNs(POOL)
			.identitySource("method.request.header.Authorization"));
		assertThat(cognito.providerARNs()).containsExactly(POOL);
		assertThat(cognito.authorizerResultTtlInSeconds()).isEqualTo(300);
		assertThat(cognito.authorizerUri()).isNull();

		List<Authorizer> items = this.apiGateway.getAuthorizers((r) -> r.restApiId(this.apiId)).items();
		assertThat(items).extracting(Authorizer::id).containsExactly(request, cognito.id());
		assertThat(items.get(0).type()).isEqualTo(AuthorizerType.REQUEST);
		assertThat(items.get(0).identitySource())
			.isEqualTo("method.request.header.Auth, method.request.querystring.key, stageVariables.tenant");
		assertThat(items.get(1).type()).isEqualTo(AuthorizerType.COGNITO_USER_POOLS);
		assertThat(items.get(1).providerARNs()).containsExactly(POOL);
	}

	@Test
	void authorizersAreCheckedAsAwsChecksThem() {
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("t")
			.type(AuthorizerType.TOKEN)
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.querystring.token")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid token source expression: method.request.querystring.token. The source "
					+ "must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("t")
			.type(AuthorizerType.TOKEN)
			.authorizerUri(LAMBDA_URI)))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid token source expression: null");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("t")
			.type(AuthorizerType.TOKEN)
			.identitySource("method.request.header.Authorization")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid Authorizer URI");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("r")
			.type(AuthorizerType.REQUEST)
			.authorizerUri(LAMBDA_URI)))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Identity source must be specified");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("c")
			.type(AuthorizerType.COGNITO_USER_POOLS)
			.identitySource("method.request.header.Authorization")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("providerARNs");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("t")
			.type(AuthorizerType.TOKEN)
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.header.Authorization")
			.authorizerResultTtlInSeconds(3601)))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("between 0 and 3600");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("t")
			.type("LAMBDA")
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.header.Authorization")))
			.isInstanceOf(ApiGatewayException.class)
			.satisfies((ex) -> GatewayResponseHandlerTests.assertValidationException((ApiGatewayException) ex,
					"Value 'LAMBDA' at 'createAuthorizerInput.type'"));
		// A REQUEST authorizer without caching needs no identity source.
		assertThat(this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("uncached")
			.type(AuthorizerType.REQUEST)
			.authorizerUri(LAMBDA_URI)
			.authorizerResultTtlInSeconds(0)).authorizerResultTtlInSeconds()).isZero();
		assertThat(this.apiGateway.getAuthorizers((r) -> r.restApiId(this.apiId)).items()).hasSize(1);
	}

	@Test
	void updatingAnAuthorizerPatchesItsFields() {
		String id = tokenAuthorizer("tokens");
		UpdateAuthorizerResponse updated = this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("renamed"),
					(op) -> op.op(Op.REPLACE).path("/authorizerUri").value(LAMBDA_URI + "2"),
					(op) -> op.op(Op.REPLACE).path("/identitySource").value("method.request.header.X-Token"),
					(op) -> op.op(Op.REPLACE).path("/identityValidationExpression").value("^[a-z]+$"),
					(op) -> op.op(Op.REPLACE).path("/authorizerResultTtlInSeconds").value("0")));
		assertThat(updated.id()).isEqualTo(id);
		assertThat(updated.name()).isEqualTo("renamed");
		assertThat(updated.type()).isEqualTo(AuthorizerType.TOKEN);
		assertThat(updated.authorizerUri()).isEqualTo(LAMBDA_URI + "2");
		assertThat(updated.identitySource()).isEqualTo("method.request.header.X-Token");
		assertThat(updated.identityValidationExpression()).isEqualTo("^[a-z]+$");
		assertThat(updated.authorizerResultTtlInSeconds()).isZero();
		assertThat(this.apiGateway.getAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(id)).name())
			.isEqualTo("renamed");

		assertThatThrownBy(() -> this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/identitySource").value("method.request.path.x"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid token source expression");
		assertThatThrownBy(() -> this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/id").value("other"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path  '/id' specified for op 'replace'");
		assertThatThrownBy(() -> this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.ADD).path("/name").value("x"))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Please choose supported operations");
	}

	@Test
	void updatingProviderArnsAddsAndRemovesPools() {
		String id = this.apiGateway.createAuthorizer((r) -> r.restApiId(this.apiId)
			.name("users")
			.type(AuthorizerType.COGNITO_USER_POOLS)
			.providerARNs(POOL)
			.identitySource("method.request.header.Authorization")).id();
		UpdateAuthorizerResponse added = this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.ADD).path("/providerARNs").value(OTHER_POOL)));
		assertThat(added.providerARNs()).containsExactly(POOL, OTHER_POOL);
		UpdateAuthorizerResponse removed = this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REMOVE).path("/providerARNs/" + POOL.replace("/", "~1"))));
		assertThat(removed.providerARNs()).containsExactly(OTHER_POOL);
		assertThatThrownBy(() -> this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REMOVE).path("/providerARNs").value(OTHER_POOL))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("providerARNs");
	}

	@Test
	void deletingAnAuthorizerInUseIsAConflict() {
		String id = tokenAuthorizer("guard");
		this.store.update(this.apiId, (api) -> TestApis.withMethod(api, "/test", new Method("GET",
				AuthorizationType.CUSTOM, id, false, null, null, null, null, null, null, TestApis.mock("{}"))))
			.block();
		assertThatThrownBy(() -> this.apiGateway.deleteAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(id)))
			.isInstanceOf(ConflictException.class)
			.satisfies((ex) -> assertThat(((ConflictException) ex).statusCode()).isEqualTo(409))
			.hasMessageContaining("Cannot delete authorizer 'guard', is referenced in method: GET//test");

		this.store.update(this.apiId, (api) -> TestApis.withMethod(api, "/test", TestApis.method("GET",
				TestApis.mock("{}")))).block();
		int status = this.apiGateway.deleteAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(id))
			.sdkHttpResponse()
			.statusCode();
		assertThat(status).isEqualTo(202);
		assertThatThrownBy(() -> this.apiGateway.getAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(id)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Authorizer identifier specified");
		assertThatThrownBy(() -> this.apiGateway.deleteAuthorizer((r) -> r.restApiId(this.apiId).authorizerId(id)))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Authorizer identifier specified");
	}

	@Test
	void unknownAuthorizerOrApiIsNotFound() {
		assertThatThrownBy(
				() -> this.apiGateway.getAuthorizer((r) -> r.restApiId(this.apiId).authorizerId("nosuchauth")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Authorizer identifier specified");
		assertThatThrownBy(() -> this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId("nosuchauth")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("x"))))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Authorizer identifier specified");
		assertThatThrownBy(() -> this.apiGateway.getAuthorizers((r) -> r.restApiId("nosuchapi0")))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API identifier specified");
		assertThatThrownBy(() -> this.apiGateway.createAuthorizer((r) -> r.restApiId("nosuchapi0")
			.name("t")
			.type(AuthorizerType.TOKEN)
			.authorizerUri(LAMBDA_URI)
			.identitySource("method.request.header.Authorization")))
			.as("AWS's recorded answer to a create on an unknown API")
			.isInstanceOf(ConflictException.class)
			.hasMessageStartingWith(
					"Unable to complete operation due to concurrent modification. Please try again later.");
	}

	@Test
	void authorizersPersistAndAreFrozenIntoDeployments() throws Exception {
		String id = tokenAuthorizer("frozen");
		ApiDefinition stored = this.store.find(this.apiId).block();
		assertThat(stored.components().authorizers()).containsOnlyKeys(id);
		assertThat(stored.components().authorizers().get(id).identitySource())
			.isEqualTo("method.request.header.Authorization");
		ApiDefinition onDisk = ModelJson
			.read(Files.readString(Path.of(this.dataDir, "apis", this.apiId + ".json")));
		assertThat(onDisk.components()).isEqualTo(stored.components());

		this.store.update(this.apiId,
				(api) -> TestApis.withMethod(api, "/pets", TestApis.method("GET", TestApis.mock("{}")))
					.withDeployment("d1", null))
			.block();
		this.apiGateway.updateAuthorizer((r) -> r.restApiId(this.apiId)
			.authorizerId(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("changed")));
		ApiDefinition after = this.store.find(this.apiId).block();
		assertThat(after.components().authorizers().get(id).name()).isEqualTo("changed");
		assertThat(after.deployments().get("d1").components().authorizers().get(id).name()).isEqualTo("frozen");
	}

}

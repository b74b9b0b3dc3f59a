package io.tollgate.auth.lambda;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.Method;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedis;
import io.tollgate.test.TestReplicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two gateway replicas on one Redis share Lambda authorizer results, and a flush through one reaches both. */
class LambdaAuthorizerReplicasTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final TestLambdaServer lambda = new TestLambdaServer();

	@RegisterExtension
	final TestReplicas replicas = new TestReplicas(redis, "authorizer-replicas:", "--tollgate.admin.port=-1",
			"--tollgate.lambda.endpoint=" + lambda.endpoint(), "--tollgate.lambda.access-key-id=AKIDLAMBDA",
			"--tollgate.lambda.secret-access-key=secret");

	@Test
	void resultCachedByOneReplicaAnswersTheOtherUntilFlushed() {
		lambda.register("shared-auth", (event) -> Map.of("principalId", "alice", "policyDocument",
				Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action",
						"execute-api:Invoke", "Resource", event.get("methodArn").asString())))));
		ConfigurableApplicationContext replicaA = this.replicas.start();
		ConfigurableApplicationContext replicaB = this.replicas.start();
		Authorizer authorizer = new Authorizer("tok", "tok", AuthorizerType.TOKEN, null, null,
				TestLambdaServer.invocationUri("shared-auth"), null, "method.request.header.Authorization", null, 300);
		ApiDefinition api = TestApis.api("sharedauth");
		api = api.withComponents(api.components().withAuthorizer(authorizer));
		api = TestApis.withMethod(api, "/hello", new Method("GET", AuthorizationType.CUSTOM, "tok", false, null, null,
				null, null, null, null, TestApis.mock("{\"principal\": \"$context.authorizer.principalId\"}")));
		replicaA.getBean(ApiStore.class).save(TestApis.deploy(api, "d1", "prod", Map.of()), ApiStore.ABSENT).block();
		WebClient clientA = TestReplicas.client(replicaA);
		WebClient clientB = TestReplicas.client(replicaB);
		await().until(() -> "{\"principal\": \"alice\"}".equals(hello(clientA)));
		assertThat(lambda.invocations("shared-auth")).isEqualTo(1);
		await().until(() -> "{\"principal\": \"alice\"}".equals(hello(clientB)));
		assertThat(lambda.invocations("shared-auth")).isEqualTo(1);

		replicaA.getBean(AuthorizerResultCache.class).flushStage("sharedauth", "prod").block();
		// The flush reaches replica B's in-memory copies through pub/sub, within milliseconds: B then asks the
		// function once, and answers from its cache again after that.
		await().until(() -> {
			assertThat(hello(clientB)).isEqualTo("{\"principal\": \"alice\"}");
			return lambda.invocations("shared-auth") > 1;
		});
		assertThat(hello(clientB)).isEqualTo("{\"principal\": \"alice\"}");
		assertThat(lambda.invocations("shared-auth")).isEqualTo(2);
	}

	private static String hello(WebClient client) {
		return client.get()
			.uri("/restapis/sharedauth/prod/_user_request_/hello")
			.header("Authorization", "shared-token")
			.exchangeToMono((response) -> response.bodyToMono(String.class))
			.block();
	}

}

package io.tollgate.auth.lambda;

import java.util.List;
import java.util.Map;

import io.tollgate.TollgateApplication;
import io.tollgate.model.ApiDefinition;
import io.tollgate.model.AuthorizationType;
import io.tollgate.model.Authorizer;
import io.tollgate.model.AuthorizerType;
import io.tollgate.model.Method;
import io.tollgate.store.ApiStore;
import io.tollgate.test.TestApis;
import io.tollgate.test.TestLambdaServer;
import io.tollgate.test.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two gateway replicas on one Redis share Lambda authorizer results, and a flush through one reaches both. */
class LambdaAuthorizerReplicasTests {

	@RegisterExtension
	static final TestRedis redis = new TestRedis();

	@RegisterExtension
	static final TestLambdaServer lambda = new TestLambdaServer();

	private ConfigurableApplicationContext replicaA;

	private ConfigurableApplicationContext replicaB;

	@AfterEach
	void stopReplicas() {
		if (this.replicaA != null) {
			this.replicaA.close();
		}
		if (this.replicaB != null) {
			this.replicaB.close();
		}
	}

	@Test
	void resultCachedByOneReplicaAnswersTheOtherUntilFlushed() {
		lambda.register("shared-auth", (event) -> Map.of("principalId", "alice", "policyDocument",
				Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action",
						"execute-api:Invoke", "Resource", event.get("methodArn").asString())))));
		this.replicaA = start();
		this.replicaB = start();
		Authorizer authorizer = new Authorizer("tok", "tok", AuthorizerType.TOKEN, null, null,
				TestLambdaServer.invocationUri("shared-auth"), null, "method.request.header.Authorization", null, 300);
		ApiDefinition api = TestApis.api("sharedauth");
		api = api.withComponents(api.components().withAuthorizer(authorizer));
		api = TestApis.withMethod(api, "/hello", new Method("GET", AuthorizationType.CUSTOM, "tok", false, null, null,
				null, null, null, null, TestApis.mock("{\"principal\": \"$context.authorizer.principalId\"}")));
		this.replicaA.getBean(ApiStore.class).save(TestApis.deploy(api, "d1", "prod", Map.of()), ApiStore.ABSENT).block();
		WebClient clientA = WebClient.create("http://127.0.0.1:" + port(this.replicaA));
		WebClient clientB = WebClient.create("http://127.0.0.1:" + port(this.replicaB));
		await().until(() -> "{\"principal\": \"alice\"}".equals(hello(clientA)));
		assertThat(lambda.invocations("shared-auth")).isEqualTo(1);
		await().until(() -> "{\"principal\": \"alice\"}".equals(hello(clientB)));
		assertThat(lambda.invocations("shared-auth")).isEqualTo(1);

		this.replicaA.getBean(AuthorizerResultCache.class).flushStage("sharedauth", "prod").block();
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

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(TollgateApplication.class, PrivateReactorResources.class).run("--server.port=0",
				"--management.server.port=0", "--tollgate.admin.port=-1", "--tollgate.redis.url=" + redis.url(),
				"--tollgate.redis.key-prefix=authorizer-replicas:", "--tollgate.lambda.endpoint=" + lambda.endpoint(),
				"--tollgate.lambda.access-key-id=AKIDLAMBDA", "--tollgate.lambda.secret-access-key=secret");
	}

	/**
	 * Reactor Netty resources of the replica's own: closing a replica that used the global ones would stop every
	 * other server of this JVM (the cached test contexts' admin servers among them). Not a
	 * {@code @Configuration}, so that component scanning leaves it to this test.
	 */
	static class PrivateReactorResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}

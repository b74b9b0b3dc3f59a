package io.tollgate.cache;

import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.AuthorizerOutput;
import io.tollgate.pipeline.CallerIdentity;
import io.tollgate.pipeline.RequestContext;
import io.tollgate.pipeline.DeployedMethod;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static io.tollgate.cache.MethodCacheSettingsTests.deployed;
import static io.tollgate.cache.MethodCacheSettingsTests.keyed;
import static io.tollgate.cache.MethodCacheSettingsTests.stage;
import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyGeneratorTests {

	private final DeployedMethod method = deployed("GET", stage(true, Map.of()), false,
			keyed(List.of("method.request.path.petId", "method.request.querystring.color",
					"method.request.header.X-Tenant", "integration.request.querystring.size"),
					Map.of("integration.request.querystring.size", "method.request.querystring.s")));

	private final CacheKeyGenerator keys = new CacheKeyGenerator(this.method,
			MethodCacheSettings.of(this.method));

	@Test
	void keyNamesApiStageDeploymentVerbResourceAndNamespace() {
		String key = key(MockServerHttpRequest.get("/prod/pets/7").build(), "7");
		assertThat(key).contains("api1").contains("prod").contains("d1").contains("GET").contains("/pets/{petId}")
			.contains("ns1");
	}

	@Test
	void onlyCacheKeyParametersChangeTheKey() {
		String key = key(MockServerHttpRequest.get("/prod/pets/7?color=red&s=L").header("X-Tenant", "a").build(),
				"7");
		assertThat(key(MockServerHttpRequest.get("/prod/pets/7?color=red&s=L&other=1")
			.header("X-Tenant", "a")
			.header("X-Other", "b")
			.build(), "7")).isEqualTo(key);
		assertThat(key(MockServerHttpRequest.get("/prod/pets/7?color=red&s=M").header("X-Tenant", "a").build(), "7"))
			.isNotEqualTo(key);
		assertThat(key(MockServerHttpRequest.get("/prod/pets/8?color=red&s=L").header("X-Tenant", "a").build(), "8"))
			.isNotEqualTo(key);
		assertThat(key(MockServerHttpRequest.get("/prod/pets/7?color=red&s=L").header("x-tenant", "b").build(), "7"))
			.isNotEqualTo(key);
	}

	@Test
	void anAbsentParameterDiffersFromAnEmptyOne() {
		assertThat(key(MockServerHttpRequest.get("/prod/pets/7").build(), "7"))
			.isNotEqualTo(key(MockServerHttpRequest.get("/prod/pets/7?color=").build(), "7"));
	}

	@Test
	void valuesCannotImitateAnotherParameter() {
		assertThat(key(MockServerHttpRequest.get("/prod/pets/7?color=a;1:b").build(), "7"))
			.isNotEqualTo(key(MockServerHttpRequest.get("/prod/pets/7?color=a").header("X-Tenant", "b").build(), "7"));
	}

	@Test
	void differentStagesAndDeploymentsNeverShareAKey() {
		DeployedMethod other = deployed("GET", stage(true, Map.of()).withDeployment("d9"), false,
				this.method.integration());
		DeployedMethod redeployed = new DeployedMethod(other.api(), other.stageName(), "d9", false, other.resource(),
				other.method(), other.integration(), null, other.components(), other.stage());
		CacheKeyGenerator otherKeys = new CacheKeyGenerator(redeployed, MethodCacheSettings.of(redeployed));
		MockServerHttpRequest request = MockServerHttpRequest.get("/prod/pets/7").build();
		assertThat(otherKeys.keyFor(request, context("7"))).isNotEqualTo(key(request, "7"));
	}

	private String key(MockServerHttpRequest request, String petId) {
		return this.keys.keyFor(request, context(petId));
	}

	private static RequestContext context(String petId) {
		return new RequestContext("id", "ext", 0L, "000000000000", "api1", "prod", "d1", "r1", "/pets/{petId}", "GET",
				"/prod/pets/" + petId, Map.of("petId", petId), Map.of("petId", petId), Map.of(), null, "127.0.0.1",
				null, "HTTP/1.1", "localhost", CallerIdentity.ANONYMOUS, AuthorizerOutput.NONE);
	}

}

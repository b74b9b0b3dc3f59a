package io.tollgate.model;

import java.util.Map;

import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDefinitionTests {

	private final ApiDefinition deployed = TestApis.deploy(
			TestApis.withMethod(TestApis.api("api"), "/a", TestApis.method("GET", TestApis.mock("{}"))), "d1", "prod",
			Map.of("color", "blue", "size", "m"));

	@Test
	void deploymentIsASnapshotThatLaterEditsDoNotChange() {
		ApiDefinition edited = TestApis.withMethod(this.deployed, "/b", TestApis.method("GET", TestApis.mock("{}")));
		assertThat(edited.resources()).hasSize(3);
		assertThat(edited.deployments().get("d1").resources()).hasSize(2);
		assertThat(edited.version()).isGreaterThan(this.deployed.version());
	}

	@Test
	void stageMustServeAnExistingDeployment() {
		assertThatThrownBy(() -> this.deployed.withStage(Stage.of("test", "nope", null)))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("Deployment id does not exist");
	}

	@Test
	void deploymentInUseCannotBeDeleted() {
		assertThatThrownBy(() -> this.deployed.withoutDeployment("d1"))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessage("Active stages pointing to this deployment must be moved or deleted");
		assertThat(this.deployed.withoutStage("prod").withoutDeployment("d1").deployments()).isEmpty();
	}

	@Test
	void canaryMustNameAnExistingDeploymentAndATrafficShareUpTo100() {
		Stage prod = this.deployed.stages().get("prod");
		assertThatThrownBy(() -> this.deployed.withStage(prod.withCanarySettings(new CanarySettings("nope", 10.0,
				null, false))))
			.isInstanceOf(ApiModelException.BadRequest.class);
		assertThatThrownBy(() -> new CanarySettings("d1", 100.5, null, false))
			.isInstanceOf(ApiModelException.BadRequest.class);
	}

	@Test
	void promotingTheCanaryCopiesItsDeploymentAndOverridesAndZeroesItsTraffic() {
		ApiDefinition two = this.deployed.withDeployment("d2", null);
		Stage prod = two.stages().get("prod").withCanarySettings(new CanarySettings("d2", 40.0,
				Map.of("color", "green", "extra", "x"), true));
		Stage promoted = prod.promoteCanary();
		assertThat(promoted.deploymentId()).isEqualTo("d2");
		assertThat(promoted.variables()).isEqualTo(Map.of("color", "green", "size", "m", "extra", "x"));
		assertThat(promoted.canarySettings().percentTraffic()).isZero();
		assertThat(promoted.canarySettings().deploymentId()).isEqualTo("d2");
	}

	@Test
	void apiWithoutMethodsCannotBeDeployed() {
		assertThatThrownBy(() -> TestApis.api("empty").withDeployment("d1", null))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessage("The REST API doesn't contain any methods");
	}

	@Test
	void greedyResourceCannotHaveChildren() {
		ApiDefinition greedy = TestApis.withMethod(TestApis.api("g"), "/{proxy+}",
				TestApis.method("ANY", TestApis.mock("{}")));
		String proxyId = greedy.resourceByPath("/{proxy+}").orElseThrow().id();
		assertThatThrownBy(() -> greedy.withResource(proxyId, "child", null))
			.isInstanceOf(ApiModelException.BadRequest.class)
			.hasMessageContaining("greedy");
	}

}

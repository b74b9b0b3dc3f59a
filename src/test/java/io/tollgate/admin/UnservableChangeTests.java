package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.pipeline.MethodFilterFactory;
import io.tollgate.test.BaseAdminTests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A change the gateway could not serve is refused with 400 and not stored, instead of leaving old routes. */
@Import(UnservableChangeTests.ExplodingStep.class)
class UnservableChangeTests extends BaseAdminTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class ExplodingStep {

		/** A pipeline step that cannot be built for methods named "unservable". */
		@Bean
		MethodFilterFactory explodingFilterFactory() {
			return (method) -> {
				if ("unservable".equals(method.method().operationName())) {
					throw new IllegalStateException("step cannot be built for " + method.routeId());
				}
				return List.of();
			};
		}

	}

	@Test
	void aDeploymentWhosePipelineCannotBeBuiltIsRefusedAndNotStored() {
		String apiId = this.apiGateway.createRestApi((r) -> r.name("unservable")).id();
		String rootId = this.apiGateway.getResources((r) -> r.restApiId(apiId)).items().get(0).id();
		this.apiGateway.putMethod((r) -> r.restApiId(apiId)
			.resourceId(rootId)
			.httpMethod("GET")
			.authorizationType("NONE")
			.operationName("unservable"));
		this.apiGateway.putIntegration((r) -> r.restApiId(apiId)
			.resourceId(rootId)
			.httpMethod("GET")
			.type(IntegrationType.MOCK)
			.requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
		assertThatThrownBy(() -> this.apiGateway.createDeployment((r) -> r.restApiId(apiId).stageName("dev")))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("The API cannot be served as changed: step cannot be built for " + apiId
					+ ":dev:GET:/");
		assertThat(this.apiGateway.getDeployments((r) -> r.restApiId(apiId)).items()).isEmpty();
		assertThat(this.apiGateway.getStages((r) -> r.restApiId(apiId)).item()).isEmpty();
	}

}

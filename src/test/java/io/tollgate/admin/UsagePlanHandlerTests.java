package io.tollgate.admin;

import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateUsagePlanKeyResponse;
import software.amazon.awssdk.services.apigateway.model.CreateUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.GetUsagePlanKeyResponse;
import software.amazon.awssdk.services.apigateway.model.GetUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigateway.model.ThrottleSettings;
import software.amazon.awssdk.services.apigateway.model.UpdateUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;
import software.amazon.awssdk.services.apigateway.model.UsagePlanKey;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan and the plan keys through the AWS SDK. */
class UsagePlanHandlerTests extends BaseAdminTests {

	@Test
	void createGetListUpdateDeleteThroughTheAwsSdk() {
		ApiDefinition api = apiWithStages("prod", "dev");
		CreateUsagePlanResponse created = this.apiGateway.createUsagePlan((r) -> r.name("gold")
			.description("Test Usage Plan for API key")
			.apiStages((stage) -> stage.apiId(api.id()).stage("prod"))
			.throttle((throttle) -> throttle.burstLimit(1).rateLimit(2.0))
			.quota((quota) -> quota.limit(10).offset(0).period(QuotaPeriodType.DAY))
			.tags(Map.of("tag_key", "tag_value")));
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.name()).isEqualTo("gold");
		assertThat(created.description()).isEqualTo("Test Usage Plan for API key");
		assertThat(created.apiStages()).hasSize(1);
		assertThat(created.apiStages().get(0).apiId()).isEqualTo(api.id());
		assertThat(created.apiStages().get(0).stage()).isEqualTo("prod");
		assertThat(created.apiStages().get(0).hasThrottle()).isFalse();
		assertThat(created.throttle().burstLimit()).isEqualTo(1);
		assertThat(created.throttle().rateLimit()).isEqualTo(2.0);
		assertThat(created.quota().limit()).isEqualTo(10);
		assertThat(created.quota().offset()).isEqualTo(0);
		assertThat(created.quota().period()).isEqualTo(QuotaPeriodType.DAY);
		assertThat(created.tags()).containsExactlyEntriesOf(Map.of("tag_key", "tag_value"));
		assertThat(created.productCode()).isNull();

		GetUsagePlanResponse fetched = this.apiGateway.getUsagePlan((r) -> r.usagePlanId(created.id()));
		assertThat(fetched.name()).isEqualTo("gold");
		assertThat(fetched.apiStages()).isEqualTo(created.apiStages());
		assertThat(fetched.throttle()).isEqualTo(created.throttle());
		assertThat(fetched.quota()).isEqualTo(created.quota());
		assertThat(this.apiGateway.getUsagePlansPaginator((r) -> { }).items()).extracting(UsagePlan::id)
			.contains(created.id());

		UpdateUsagePlanResponse updated = this.apiGateway.updateUsagePlan((r) -> r.usagePlanId(created.id())
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("platinum"),
					(op) -> op.op(Op.REMOVE).path("/description"),
					(op) -> op.op(Op.REPLACE).path("/throttle/burstLimit").value("100"),
					(op) -> op.op(Op.REPLACE).path("/throttle/rateLimit").value("200"),
					(op) -> op.op(Op.REPLACE).path("/quota/limit").value("5000"),
					(op) -> op.op(Op.REPLACE).path("/quota/period").value("MONTH"),
					(op) -> op.op(Op.REPLACE).path("/quota/offset").value("14"),
					(op) -> op.op(Op.ADD).path("/apiStages").value(api.id() + ":dev"),
					(op) -> op.op(Op.REPLACE)
						.path("/apiStages/" + api.id() + ":dev/throttle/~1pets/GET/rateLimit")
						.value("7.5"),
					(op) -> op.op(Op.REPLACE)
						.path("/apiStages/" + api.id() + ":dev/throttle/~1pets/GET/burstLimit")
						.value("3")));
		assertThat(updated.name()).isEqualTo("platinum");
		assertThat(updated.description()).isNull();
		assertThat(updated.throttle().burstLimit()).isEqualTo(100);
		assertThat(updated.throttle().rateLimit()).isEqualTo(200.0);
		assertThat(updated.quota().limit()).isEqualTo(5000);
		assertThat(updated.quota().offset()).isEqualTo(14);
		assertThat(updated.quota().period()).isEqualTo(QuotaPeriodType.MONTH);
		assertThat(updated.apiStages()).extracting(ApiStage::stage).containsExactly("prod", "dev");
		assertThat(updated.apiStages().get(1).throttle()).containsExactlyEntriesOf(
				Map.of("/pets/GET", ThrottleSettings.builder().burstLimit(3).rateLimit(7.5).build()));
		assertThat(updated.tags()).containsExactlyEntriesOf(Map.of("tag_key", "tag_value"));

		UpdateUsagePlanResponse trimmed = this.apiGateway.updateUsagePlan((r) -> r.usagePlanId(created.id())
			.patchOperations((op) -> op.op(Op.REMOVE).path("/apiStages").value(api.id() + ":prod"),
					(op) -> op.op(Op.REMOVE).path("/apiStages/" + api.id() + ":dev/throttle/~1pets/GET"),
					(op) -> op.op(Op.REMOVE).path("/quota")));
		assertThat(trimmed.apiStages()).extracting(ApiStage::stage).containsExactly("dev");
		assertThat(trimmed.apiStages().get(0).hasThrottle()).isFalse();
		assertThat(trimmed.quota()).isNull();
		assertThat(trimmed.throttle()).isEqualTo(updated.throttle());

		this.apiGateway.deleteUsagePlan((r) -> r.usagePlanId(created.id()));
		assertThatThrownBy(() -> this.apiGateway.getUsagePlan((r) -> r.usagePlanId(created.id())))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid Usage Plan ID specified");
		assertThatThrownBy(() -> this.apiGateway.deleteUsagePlan((r) -> r.usagePlanId(created.id())))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void planWithoutThrottleOrQuotaLeavesThemOut() {
		CreateUsagePlanResponse created = this.apiGateway.createUsagePlan((r) -> r.name("bare"));
		assertThat(created.throttle()).isNull();
		assertThat(created.quota()).isNull();
		// As AWS answers: apiStages: [].
		assertThat(created.hasApiStages()).isTrue();
		assertThat(created.apiStages()).isEmpty();
	}

	@Nested
	class Stages {

		@Test
		void planNamingAnUnknownStageIsNotFound() {
			ApiDefinition api = apiWithStages("prod");
			assertThatThrownBy(() -> apiGateway.createUsagePlan((r) -> r.name("bad")
				.apiStages((stage) -> stage.apiId(api.id()).stage("nope"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining(
						"Invalid API Stage {api: " + api.id() + ", stage: nope} specified for usageplan ");
			assertThatThrownBy(() -> apiGateway.createUsagePlan((r) -> r.name("bad")
				.apiStages((stage) -> stage.apiId("nosuchapi").stage("prod"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API Stage {api: nosuchapi, stage: prod}");
		}

		@Test
		void addingOrRemovingAnUnknownStageIsNotFoundNamingThePlan() {
			ApiDefinition api = apiWithStages("prod");
			String planId = apiGateway.createUsagePlan((r) -> r.name("gold")).id();
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.ADD).path("/apiStages").value(api.id() + ":nope"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API Stage {api: " + api.id() + ", stage: nope} specified for usageplan "
						+ planId);
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.REMOVE).path("/apiStages").value(api.id() + ":prod"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("specified for usageplan " + planId);
		}

		@Test
		void badPatchesAreBadRequests() {
			String planId = apiGateway.createUsagePlan((r) -> r.name("gold")).id();
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.ADD).path("/apiStages").value("no-separator"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid API Stage specified");
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/quota/limit").value("10"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("period");
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/throttle/rateLimit").value("fast"))))
				.isInstanceOf(BadRequestException.class);
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(planId)
				.patchOperations((op) -> op.op(Op.REPLACE).path("/id").value("x"))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Invalid patch path");
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId("nosuchplan")
				.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("x"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Usage Plan ID specified");
		}

	}

	@Nested
	class Keys {

		@Test
		void addGetListRemoveAKeyThroughTheAwsSdk() {
			ApiDefinition api = apiWithStages("prod");
			String planId = plan(api.id() + ":prod");
			String keyName = "testApiKey-" + ModelIds.random();
			var key = apiGateway.createApiKey((r) -> r.name(keyName).enabled(true));

			CreateUsagePlanKeyResponse added = apiGateway.createUsagePlanKey((r) -> r.usagePlanId(planId)
				.keyId(key.id())
				.keyType("API_KEY"));
			assertThat(added.id()).isEqualTo(key.id());
			assertThat(added.type()).isEqualTo("API_KEY");
			assertThat(added.name()).isEqualTo(keyName);
			assertThat(added.value()).isEqualTo(key.value());

			GetUsagePlanKeyResponse fetched = apiGateway.getUsagePlanKey((r) -> r.usagePlanId(planId).keyId(key.id()));
			assertThat(fetched.id()).isEqualTo(key.id());
			assertThat(fetched.type()).isEqualTo("API_KEY");
			assertThat(fetched.name()).isEqualTo(keyName);
			assertThat(fetched.value()).isEqualTo(key.value());
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(planId)).items()).extracting(UsagePlanKey::id)
				.containsExactly(key.id());
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(planId).nameQuery("other")).items()).isEmpty();
			assertThat(apiGateway.getUsagePlans((r) -> r.keyId(key.id())).items()).extracting(UsagePlan::id)
				.containsExactly(planId);

			apiGateway.deleteUsagePlanKey((r) -> r.usagePlanId(planId).keyId(key.id()));
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(planId)).items()).isEmpty();
			assertThat(apiGateway.getUsagePlans((r) -> r.keyId(key.id())).items()).isEmpty();
			assertThatThrownBy(() -> apiGateway.getUsagePlanKey((r) -> r.usagePlanId(planId).keyId(key.id())))
				.isInstanceOf(NotFoundException.class);
			assertThatThrownBy(() -> apiGateway.deleteUsagePlanKey((r) -> r.usagePlanId(planId).keyId(key.id())))
				.isInstanceOf(NotFoundException.class);
		}

		@Test
		void unknownPlanOrKeyIsNotFound() {
			String planId = apiGateway.createUsagePlan((r) -> r.name("gold")).id();
			String keyId = apiGateway.createApiKey((r) -> r.name("k")).id();
			assertThatThrownBy(() -> apiGateway.createUsagePlanKey((r) -> r.usagePlanId("nosuchplan")
				.keyId(keyId)
				.keyType("API_KEY")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Usage Plan ID specified");
			assertThatThrownBy(() -> apiGateway.createUsagePlanKey((r) -> r.usagePlanId(planId)
				.keyId("nosuchkey")
				.keyType("API_KEY")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid API Key identifier specified");
			assertThatThrownBy(() -> apiGateway.getUsagePlanKeys((r) -> r.usagePlanId("nosuchplan")))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid Usage Plan ID specified");
			assertThatThrownBy(() -> apiGateway.createUsagePlanKey((r) -> r.usagePlanId(planId)
				.keyId(keyId)
				.keyType("OTHER")))
				.isInstanceOf(BadRequestException.class);
		}

		@Test
		void aKeyIsAdmittedToAStageByOnePlanOnly() {
			ApiDefinition api = apiWithStages("prod", "dev");
			String gold = plan(api.id() + ":prod");
			String silver = plan(api.id() + ":prod");
			String bronze = plan(api.id() + ":dev");
			String keyId = apiGateway.createApiKey((r) -> r.name("shared")).id();
			apiGateway.createUsagePlanKey((r) -> r.usagePlanId(gold).keyId(keyId).keyType("API_KEY"));
			assertThatThrownBy(() -> apiGateway.createUsagePlanKey((r) -> r.usagePlanId(gold)
				.keyId(keyId)
				.keyType("API_KEY")))
				.isInstanceOf(ConflictException.class);
			assertThatThrownBy(() -> apiGateway.createUsagePlanKey((r) -> r.usagePlanId(silver)
				.keyId(keyId)
				.keyType("API_KEY")))
				.isInstanceOf(ConflictException.class)
				.hasMessageContaining("cannot reference multiple Usage Plans with the same API Stage: " + api.id()
						+ ":prod");
			apiGateway.createUsagePlanKey((r) -> r.usagePlanId(bronze).keyId(keyId).keyType("API_KEY"));
			assertThatThrownBy(() -> apiGateway.updateUsagePlan((r) -> r.usagePlanId(bronze)
				.patchOperations((op) -> op.op(Op.ADD).path("/apiStages").value(api.id() + ":prod"))))
				.isInstanceOf(ConflictException.class);
			assertThat(apiGateway.getUsagePlans((r) -> r.keyId(keyId)).items()).extracting(UsagePlan::id)
				.containsExactlyInAnyOrder(gold, bronze);
		}

		@Test
		void deletingAKeyTakesItOutOfItsPlans() {
			ApiDefinition api = apiWithStages("prod");
			String planId = plan(api.id() + ":prod");
			String keyId = apiGateway.createApiKey((r) -> r.name("gone")).id();
			apiGateway.createUsagePlanKey((r) -> r.usagePlanId(planId).keyId(keyId).keyType("API_KEY"));
			apiGateway.deleteApiKey((r) -> r.apiKey(keyId));
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(planId)).items()).isEmpty();
		}

		private String plan(String stageId) {
			String apiId = stageId.substring(0, stageId.indexOf(':'));
			String stage = stageId.substring(stageId.indexOf(':') + 1);
			return apiGateway.createUsagePlan((r) -> r.name("plan").apiStages((s) -> s.apiId(apiId).stage(stage)))
				.id();
		}

	}

	/** Stores an API with a deployed stage of each name. */
	ApiDefinition apiWithStages(String... stages) {
		ApiDefinition api = TestApis.withMethod(TestApis.api(ModelIds.random()), "/pets",
				TestApis.method("GET", TestApis.mock("{}")));
		for (String stage : stages) {
			api = TestApis.deploy(api, ModelIds.random(), stage, Map.of());
		}
		return this.store.save(api, ApiStore.ABSENT).block();
	}

}

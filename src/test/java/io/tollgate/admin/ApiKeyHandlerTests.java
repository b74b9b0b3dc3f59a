package io.tollgate.admin;

import java.util.List;
import java.util.Map;

import io.tollgate.model.ApiDefinition;
import io.tollgate.model.ModelIds;
import io.tollgate.store.ApiStore;
import io.tollgate.test.BaseAdminTests;
import io.tollgate.test.TestApis;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.ApiKeysFormat;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.GetApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.GetApiKeysResponse;
import software.amazon.awssdk.services.apigateway.model.ImportApiKeysResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.UpdateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.UsagePlanKey;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey and ImportApiKeys through the AWS SDK. */
class ApiKeyHandlerTests extends BaseAdminTests {

	private static final String VALUE = "abcdefghij0123456789ABCDEFGHIJ";

	@Test
	void createGetListUpdateDeleteThroughTheAwsSdk() {
		String name = unique("orders-client");
		CreateApiKeyResponse created = this.apiGateway.createApiKey((r) -> r.name(name)
			.description("first")
			.enabled(true)
			.customerId("cust-1")
			.tags(Map.of("team", "payments")));
		assertThat(created.id()).matches("[a-z0-9]{10}");
		assertThat(created.value()).matches("[A-Za-z0-9]{40}");
		assertThat(created.name()).isEqualTo(name);
		assertThat(created.description()).isEqualTo("first");
		assertThat(created.enabled()).isTrue();
		assertThat(created.customerId()).isEqualTo("cust-1");
		assertThat(created.createdDate()).isNotNull();
		assertThat(created.lastUpdatedDate()).isEqualTo(created.createdDate());
		// Sent as [] even when empty, as AWS does.
		assertThat(created.hasStageKeys()).isTrue();
		assertThat(created.stageKeys()).isEmpty();
		assertThat(created.tags()).containsExactlyEntriesOf(Map.of("team", "payments"));

		GetApiKeyResponse fetched = this.apiGateway.getApiKey((r) -> r.apiKey(created.id()));
		assertThat(fetched.value()).as("the value is a secret, returned only when asked for").isNull();
		assertThat(fetched.name()).isEqualTo(name);
		assertThat(fetched.enabled()).isTrue();
		assertThat(fetched.customerId()).isEqualTo("cust-1");
		assertThat(fetched.createdDate()).isEqualTo(created.createdDate());
		assertThat(this.apiGateway.getApiKey((r) -> r.apiKey(created.id()).includeValue(true)).value())
			.isEqualTo(created.value());

		GetApiKeysResponse listed = this.apiGateway.getApiKeys((r) -> r.nameQuery(name));
		assertThat(listed.items()).extracting(ApiKey::id).containsExactly(created.id());
		assertThat(listed.items().get(0).value()).isNull();
		assertThat(listed.items().get(0).description()).isEqualTo("first");
		assertThat(this.apiGateway.getApiKeys((r) -> r.nameQuery(name).includeValues(true)).items())
			.extracting(ApiKey::value)
			.containsExactly(created.value());

		UpdateApiKeyResponse updated = this.apiGateway.updateApiKey((r) -> r.apiKey(created.id())
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value(name + "-renamed"),
					(op) -> op.op(Op.REPLACE).path("/description").value("second"),
					(op) -> op.op(Op.REPLACE).path("/enabled").value("false"),
					(op) -> op.op(Op.REMOVE).path("/customerId")));
		assertThat(updated.id()).isEqualTo(created.id());
		assertThat(updated.name()).isEqualTo(name + "-renamed");
		assertThat(updated.description()).isEqualTo("second");
		assertThat(updated.enabled()).as("false is sent, not left out").isFalse();
		assertThat(updated.customerId()).isNull();
		assertThat(updated.value()).isNull();
		assertThat(updated.lastUpdatedDate()).isAfterOrEqualTo(created.lastUpdatedDate());
		assertThat(updated.tags()).containsExactlyEntriesOf(Map.of("team", "payments"));

		this.apiGateway.deleteApiKey((r) -> r.apiKey(created.id()));
		assertThatThrownBy(() -> this.apiGateway.getApiKey((r) -> r.apiKey(created.id())))
			.isInstanceOf(NotFoundException.class)
			.hasMessageContaining("Invalid API Key identifier specified");
		assertThatThrownBy(() -> this.apiGateway.deleteApiKey((r) -> r.apiKey(created.id())))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void keyIsDisabledUnlessAskedOtherwise() {
		CreateApiKeyResponse created = this.apiGateway.createApiKey((r) -> r.name(unique("plain")));
		assertThat(created.enabled()).isFalse();
		assertThat(created.description()).isNull();
	}

	@Nested
	class Values {

		@Test
		void emptyValueAsksForAGeneratedOneAsOnAws() {
			CreateApiKeyResponse created = apiGateway.createApiKey((r) -> r.name(unique("empty")).value(""));
			assertThat(created.value()).matches("[A-Za-z0-9]{20,128}");
		}

		@Test
		void givenValueIsKeptAndCannotBeUsedTwice() {
			String value = VALUE + ModelIds.random();
			CreateApiKeyResponse created = apiGateway.createApiKey((r) -> r.name(unique("given")).value(value));
			assertThat(created.value()).isEqualTo(value);
			assertThatThrownBy(() -> apiGateway.createApiKey((r) -> r.name(unique("copy")).value(value)))
				.isInstanceOf(ConflictException.class)
				.satisfies((ex) -> assertThat(((ConflictException) ex).statusCode()).isEqualTo(409));
		}

		@Test
		void valueShorterThan20CharactersIsABadRequest() {
			assertThatThrownBy(() -> apiGateway.createApiKey((r) -> r.name("short").value("1234567890123456789")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("API Key value should be at least 20 characters");
		}

		@Test
		void valueLongerThan128CharactersIsABadRequest() {
			assertThatThrownBy(() -> apiGateway.createApiKey((r) -> r.name("long").value("a".repeat(129))))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("API Key value exceeds maximum size of 128 characters");
		}

		@Test
		void valueWithOtherThanAlphanumericsIsABadRequest() {
			assertThatThrownBy(() -> apiGateway.createApiKey((r) -> r.name("dash").value("abcdefghij-0123456789")))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("alphanumeric");
		}

	}

	@Nested
	class StageKeys {

		@Test
		void stageKeysNameExistingStagesAndCanBeAddedAndRemoved() {
			ApiDefinition api = apiWithStages("prod", "dev");
			CreateApiKeyResponse created = apiGateway.createApiKey((r) -> r.name(unique("staged"))
				.stageKeys((stage) -> stage.restApiId(api.id()).stageName("prod")));
			assertThat(created.stageKeys()).containsExactly(api.id() + "/prod");
			UpdateApiKeyResponse updated = apiGateway.updateApiKey((r) -> r.apiKey(created.id())
				.patchOperations((op) -> op.op(Op.ADD).path("/stages").value(api.id() + "/dev"),
						(op) -> op.op(Op.REMOVE).path("/stages").value(api.id() + "/prod")));
			assertThat(updated.stageKeys()).containsExactly(api.id() + "/dev");
		}

		@Test
		void stageKeyOfAnUnknownStageIsNotFound() {
			ApiDefinition api = apiWithStages("prod");
			assertThatThrownBy(() -> apiGateway.createApiKey((r) -> r.name(unique("staged"))
				.stageKeys((stage) -> stage.restApiId(api.id()).stageName("nope"))))
				.isInstanceOf(NotFoundException.class)
				.hasMessageContaining("Invalid stage identifier specified");
		}

	}

	@Test
	void listFiltersByCustomerAndPagesWithLimitAndPosition() {
		String prefix = unique("paged");
		String customer = ModelIds.random();
		for (int i = 0; i < 5; i++) {
			int n = i;
			this.apiGateway.createApiKey((r) -> r.name(prefix + n).customerId((n < 4) ? customer : "other"));
		}
		GetApiKeysResponse first = this.apiGateway.getApiKeys((r) -> r.nameQuery(prefix).customerId(customer).limit(3));
		assertThat(first.items()).hasSize(3);
		assertThat(first.position()).isNotNull();
		GetApiKeysResponse second = this.apiGateway
			.getApiKeys((r) -> r.nameQuery(prefix).customerId(customer).limit(3).position(first.position()));
		assertThat(second.items()).hasSize(1);
		assertThat(second.position()).isNull();
		assertThat(List.of(first.items(), second.items()).stream().flatMap(List::stream).map(ApiKey::name))
			.containsExactlyInAnyOrder(prefix + 0, prefix + 1, prefix + 2, prefix + 3);
		assertThat(this.apiGateway.getApiKeysPaginator((r) -> r.nameQuery(prefix).limit(2)).items()).hasSize(5);
	}

	@Test
	void unsupportedPatchPathIsABadRequest() {
		String id = this.apiGateway.createApiKey((r) -> r.name(unique("patch"))).id();
		assertThatThrownBy(() -> this.apiGateway.updateApiKey((r) -> r.apiKey(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/value").value(VALUE))))
			.isInstanceOf(BadRequestException.class)
			.hasMessageContaining("Invalid patch path");
		assertThatThrownBy(() -> this.apiGateway.updateApiKey((r) -> r.apiKey(id)
			.patchOperations((op) -> op.op(Op.REPLACE).path("/enabled").value("yes"))))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> this.apiGateway.updateApiKey((r) -> r.apiKey("nosuchkey")
			.patchOperations((op) -> op.op(Op.REPLACE).path("/name").value("x"))))
			.isInstanceOf(NotFoundException.class);
	}

	@Nested
	class Import {

		@Test
		void importCreatesKeysAndAddsThemToTheirPlans() {
			ApiDefinition api = apiWithStages("prod", "dev");
			String gold = plan(api.id() + ":prod");
			String silver = plan(api.id() + ":dev");
			String name = unique("imported");
			String first = VALUE + ModelIds.random();
			String second = VALUE + ModelIds.random();
			String csv = "Name,key,description,Enabled,usageplanIds,Ignored\n" + name + "1," + first
					+ ",An imported key,TRUE,\"" + gold + "," + silver + "\",x\r\n" + name + "2," + second + ",,false,'"
					+ gold + "'\n\n";
			ImportApiKeysResponse imported = apiGateway.importApiKeys((r) -> r.body(SdkBytes.fromUtf8String(csv))
				.format(ApiKeysFormat.CSV)
				.failOnWarnings(true));
			assertThat(imported.ids()).hasSize(2);
			assertThat(imported.warnings()).isEmpty();

			ApiKey one = key(imported.ids().get(0));
			assertThat(one.name()).isEqualTo(name + "1");
			assertThat(one.value()).isEqualTo(first);
			assertThat(one.description()).isEqualTo("An imported key");
			assertThat(one.enabled()).isTrue();
			ApiKey two = key(imported.ids().get(1));
			assertThat(two.enabled()).isFalse();
			assertThat(two.description()).isNull();
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(gold)).items()).extracting(UsagePlanKey::id)
				.containsExactlyInAnyOrderElementsOf(imported.ids());
			assertThat(apiGateway.getUsagePlanKeys((r) -> r.usagePlanId(silver)).items()).extracting(UsagePlanKey::id)
				.containsExactly(one.id());
		}

		@Test
		void importingAValueAgainOverwritesItsKey() {
			String value = VALUE + ModelIds.random();
			String name = unique("again");
			String id = apiGateway.createApiKey((r) -> r.name(name).value(value).customerId("kept")).id();
			ImportApiKeysResponse imported = apiGateway.importApiKeys((r) -> r
				.body(SdkBytes.fromUtf8String("key,name,description\n" + value + "," + name + "-new,renewed\n"))
				.format(ApiKeysFormat.CSV));
			assertThat(imported.ids()).containsExactly(id);
			ApiKey key = key(id);
			assertThat(key.name()).isEqualTo(name + "-new");
			assertThat(key.description()).isEqualTo("renewed");
			assertThat(key.enabled()).as("Enabled defaults to true in the file format").isTrue();
			assertThat(key.customerId()).isEqualTo("kept");
		}

		@Test
		void badRowsAreWarningsWithoutTheirValues() {
			String name = unique("warned");
			String good = VALUE + ModelIds.random();
			String csv = "Name,Key,UsagePlanIds\n" + name + "1,tooshort1234\n" + name + "2," + good + ",nosuchplan\n"
					+ name + "3," + VALUE + ModelIds.random() + "\n";
			ImportApiKeysResponse imported = apiGateway.importApiKeys((r) -> r.body(SdkBytes.fromUtf8String(csv))
				.format(ApiKeysFormat.CSV));
			assertThat(imported.ids()).hasSize(2);
			assertThat(imported.warnings()).containsExactly(
					"Line 2: API Key value should be at least 20 characters",
					"Line 3: Invalid Usage Plan ID specified: nosuchplan");
			assertThat(apiGateway.getApiKeys((r) -> r.nameQuery(name)).items()).extracting(ApiKey::name)
				.containsExactlyInAnyOrder(name + "2", name + "3");
		}

		@Test
		void failOnWarningsImportsNothingWhenARowIsBad() {
			String name = unique("atomic");
			String csv = "Name,Key,Enabled\n" + name + "1," + VALUE + ModelIds.random() + ",true\n" + name + "2,"
					+ VALUE + ModelIds.random() + ",maybe\n";
			assertThatThrownBy(() -> apiGateway.importApiKeys((r) -> r.body(SdkBytes.fromUtf8String(csv))
				.format(ApiKeysFormat.CSV)
				.failOnWarnings(true)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Line 3: Invalid value for Enabled");
			assertThat(apiGateway.getApiKeys((r) -> r.nameQuery(name)).items()).isEmpty();
		}

		@Test
		void fileWithoutTheKeyColumnIsABadRequest() {
			assertThatThrownBy(() -> apiGateway.importApiKeys((r) -> r
				.body(SdkBytes.fromUtf8String("Name,Description\nx,y\n"))
				.format(ApiKeysFormat.CSV)))
				.isInstanceOf(BadRequestException.class)
				.hasMessageContaining("Name and Key columns");
		}

		private ApiKey key(String id) {
			GetApiKeyResponse key = apiGateway.getApiKey((r) -> r.apiKey(id).includeValue(true));
			return ApiKey.builder()
				.id(key.id())
				.name(key.name())
				.value(key.value())
				.description(key.description())
				.enabled(key.enabled())
				.customerId(key.customerId())
				.build();
		}

		private String plan(String stageId) {
			String apiId = stageId.substring(0, stageId.indexOf(':'));
			String stage = stageId.substring(stageId.indexOf(':') + 1);
			return apiGateway.createUsagePlan((r) -> r.name(unique("plan"))
				.apiStages((s) -> s.apiId(apiId).stage(stage))).id();
		}

	}

	/** A name no other test uses: the context, and so the store, is shared by every test class like this one. */
	static String unique(String name) {
		return name + "-" + ModelIds.random();
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

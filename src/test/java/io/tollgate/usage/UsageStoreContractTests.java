package io.tollgate.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import io.tollgate.model.ApiModelException;
import io.tollgate.usage.UsageStore.UsageChange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static io.tollgate.usage.TestUsage.apiKey;
import static io.tollgate.usage.TestUsage.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link UsageStore} promises, run against each implementation. A store under test may read through
 * another instance than it writes through ({@link #reader()}), as two replicas sharing one store do.
 */
abstract class UsageStoreContractTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	protected abstract UsageStore writer();

	protected abstract UsageStore reader();

	@Nested
	class ApiKeys {

		@Test
		void createdKeyIsFoundByIdAndByValueEqualToWhatWasStored() {
			ApiKey alice = create(apiKey("alice"));
			ApiKey bob = create(apiKey("bob"));
			assertThat(reader().findApiKey(alice.id()).block(TIMEOUT)).isEqualTo(alice);
			assertThat(reader().findApiKeyByValue(bob.value()).block(TIMEOUT)).isEqualTo(bob);
			assertThat(reader().findApiKeys().collectList().block(TIMEOUT))
				.containsExactlyElementsOf(sortedById(alice, bob));
			StepVerifier.create(reader().findApiKeyByValue(ApiKey.generateValue())).verifyComplete();
			StepVerifier.create(reader().findApiKey("nosuchkey")).verifyComplete();
		}

		@Test
		void createWhenValueIsTakenThenConflictAndNothingStored() {
			ApiKey alice = create(apiKey("alice"));
			ApiKey sameValue = new ApiKey("otherid123", alice.value(), "copy", null, true, null, Instant.now(),
					Instant.now(), null, null);
			StepVerifier.create(writer().createApiKey(sameValue))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.Conflict.class)
					.hasMessage("API Key already exists"))
				.verify(TIMEOUT);
			StepVerifier.create(reader().findApiKey("otherid123")).verifyComplete();
			assertThat(reader().findApiKeyByValue(alice.value()).block(TIMEOUT)).isEqualTo(alice);
		}

		@Test
		void updateAppliesTheChangeAndKeepsTheValue() {
			ApiKey alice = create(apiKey("alice"));
			Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
			ApiKey updated = writer()
				.updateApiKey(alice.id(), (key) -> key.withSettings("alice2", null, false, null, List.of(), now))
				.block(TIMEOUT);
			assertThat(updated.name()).isEqualTo("alice2");
			assertThat(updated.enabled()).isFalse();
			assertThat(updated.value()).isEqualTo(alice.value());
			assertThat(updated.createdDate()).isEqualTo(alice.createdDate());
			assertThat(updated.lastUpdatedDate()).isEqualTo(now);
			assertThat(reader().findApiKeyByValue(alice.value()).block(TIMEOUT)).isEqualTo(updated);
		}

		@Test
		void updateOfAnUnknownKeyIsNotFound() {
			StepVerifier.create(writer().updateApiKey("nosuchkey", (key) -> key))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.NotFound.class)
					.hasMessage("Invalid API Key identifier specified"))
				.verify(TIMEOUT);
		}

		@Test
		void updateRefusedByTheChangeLeavesTheKeyUntouched() {
			ApiKey alice = create(apiKey("alice"));
			StepVerifier.create(writer().updateApiKey(alice.id(), (key) -> {
				throw ApiModelException.badRequest("no");
			})).expectError(ApiModelException.BadRequest.class).verify(TIMEOUT);
			assertThat(reader().findApiKey(alice.id()).block(TIMEOUT)).isEqualTo(alice);
		}

		@Test
		void concurrentUpdatesOfOneKeyAreAllKept() {
			ApiKey alice = create(apiKey("alice"));
			int writers = 16;
			Flux.range(0, writers)
				.flatMap((i) -> Mono.defer(() -> writer().updateApiKey(alice.id(), (key) -> {
					List<String> stageKeys = new ArrayList<>(key.stageKeys());
					stageKeys.add("api" + i + "/prod");
					return key.withSettings(key.name(), key.description(), key.enabled(), key.customerId(), stageKeys,
							Instant.now());
				})).subscribeOn(Schedulers.parallel()))
				.blockLast(TIMEOUT.multipliedBy(4));
			assertThat(reader().findApiKey(alice.id()).block(TIMEOUT).stageKeys()).hasSize(writers + 1);
		}

		@Test
		void deleteRemovesTheKeyItsValueAndItsPlanMemberships() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().deleteApiKey(alice.id())).expectNext(true).verifyComplete();
			StepVerifier.create(reader().findApiKey(alice.id())).verifyComplete();
			StepVerifier.create(reader().findApiKeyByValue(alice.value())).verifyComplete();
			StepVerifier.create(reader().findUsagePlanKeys(gold.id())).verifyComplete();
			StepVerifier.create(reader().findUsagePlansOfKey(alice.id())).verifyComplete();
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api1", "prod")).verifyComplete();
			StepVerifier.create(writer().deleteApiKey(alice.id())).expectNext(false).verifyComplete();
			// Gone means gone: the value can be used again.
			create(new ApiKey("newid12345", alice.value(), "again", null, true, null, Instant.now(), Instant.now(),
					null, null));
		}

	}

	@Nested
	class UsagePlans {

		@Test
		void createdPlanIsFoundEqualToWhatWasStored() {
			UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:dev"));
			UsagePlan silver = createPlan(plan("silver"));
			assertThat(reader().findUsagePlan(gold.id()).block(TIMEOUT)).isEqualTo(gold);
			assertThat(reader().findUsagePlans().collectList().block(TIMEOUT))
				.containsExactlyElementsOf(sortedPlans(gold, silver));
			StepVerifier.create(reader().findUsagePlan("nosuchplan")).verifyComplete();
		}

		@Test
		void updateAppliesTheChange() {
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			UsagePlan updated = writer().updateUsagePlan(gold.id(), (plan) -> new UsagePlan(plan.id(), "platinum",
					null, List.of(ApiStage.of("api1", "prod"), ApiStage.of("api3", "prod")), null, null, "code",
					plan.tags()))
				.block(TIMEOUT);
			assertThat(reader().findUsagePlan(gold.id()).block(TIMEOUT)).isEqualTo(updated);
			assertThat(updated.quota()).isNull();
		}

		@Test
		void updateOfAnUnknownPlanIsNotFound() {
			StepVerifier.create(writer().updateUsagePlan("nosuchplan", (plan) -> plan))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.NotFound.class)
					.hasMessage("Invalid Usage Plan ID specified"))
				.verify(TIMEOUT);
		}

		@Test
		void concurrentUpdatesOfOnePlanAreAllKept() {
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			int writers = 12;
			Flux.range(0, writers)
				.flatMap((i) -> Mono.defer(() -> writer().updateUsagePlan(gold.id(), (plan) -> {
					List<ApiStage> stages = new ArrayList<>(plan.apiStages());
					stages.add(ApiStage.of("api" + i, "concurrent"));
					return new UsagePlan(plan.id(), plan.name(), plan.description(), stages, plan.throttle(),
							plan.quota(), plan.productCode(), plan.tags());
				})).subscribeOn(Schedulers.parallel()))
				.blockLast(TIMEOUT.multipliedBy(4));
			assertThat(reader().findUsagePlan(gold.id()).block(TIMEOUT).apiStages()).hasSize(writers + 1);
		}

		@Test
		void deleteRemovesThePlanAndWhatItAdmits() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().deleteUsagePlan(gold.id())).expectNext(true).verifyComplete();
			StepVerifier.create(reader().findUsagePlan(gold.id())).verifyComplete();
			StepVerifier.create(reader().findUsagePlansOfKey(alice.id())).verifyComplete();
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api1", "prod")).verifyComplete();
			StepVerifier.create(reader().findUsagePlanKeys(gold.id()))
				.expectErrorMessage("Invalid Usage Plan ID specified")
				.verify(TIMEOUT);
			StepVerifier.create(writer().deleteUsagePlan(gold.id())).expectNext(false).verifyComplete();
			// The key is free to join another plan for the stage.
			UsagePlan silver = createPlan(plan("silver", "api1:prod"));
			writer().createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(silver);
		}

	}

	@Nested
	class UsagePlanKeys {

		@Test
		void addedKeyIsAdmittedToEveryStageOfThePlan() {
			ApiKey alice = create(apiKey("alice"));
			ApiKey bob = create(apiKey("bob"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:dev"));
			UsagePlanKey added = writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			assertThat(added).isEqualTo(new UsagePlanKey(alice.id(), "API_KEY", "alice", alice.value()));
			writer().createUsagePlanKey(gold.id(), bob.id()).block(TIMEOUT);
			assertThat(reader().findUsagePlanKeys(gold.id()).collectList().block(TIMEOUT)).containsExactlyElementsOf(
					sortedById(alice, bob).stream().map(UsagePlanKey::of).toList());
			assertThat(reader().findUsagePlansOfKey(alice.id()).collectList().block(TIMEOUT)).containsExactly(gold);
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(gold);
			assertThat(reader().findUsagePlanOfStage(bob.id(), "api2", "dev").block(TIMEOUT)).isEqualTo(gold);
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api1", "dev")).verifyComplete();
		}

		@Test
		void planKeysFollowChangesOfTheKey() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			writer().updateApiKey(alice.id(), (key) -> key.withSettings("renamed", null, true, null, List.of(),
					Instant.now())).block(TIMEOUT);
			assertThat(reader().findUsagePlanKeys(gold.id()).blockFirst(TIMEOUT).name()).isEqualTo("renamed");
		}

		@Test
		void addToAnUnknownPlanOrOfAnUnknownKeyIsNotFound() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			StepVerifier.create(writer().createUsagePlanKey("nosuchplan", alice.id()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.NotFound.class)
					.hasMessage("Invalid Usage Plan ID specified"))
				.verify(TIMEOUT);
			StepVerifier.create(writer().createUsagePlanKey(gold.id(), "nosuchkey"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.NotFound.class)
					.hasMessage("Invalid API Key identifier specified"))
				.verify(TIMEOUT);
		}

		@Test
		void addingAKeyTwiceIsAConflict() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().createUsagePlanKey(gold.id(), alice.id()))
				.expectError(ApiModelException.Conflict.class)
				.verify(TIMEOUT);
		}

		@Test
		void aKeyMayBeInSeveralPlansButOnlyOnePerStage() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod", "api2:prod"));
			UsagePlan silver = createPlan(plan("silver", "api3:prod"));
			UsagePlan bronze = createPlan(plan("bronze", "api3:dev", "api2:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			writer().createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().createUsagePlanKey(bronze.id(), alice.id()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.Conflict.class)
					.hasMessage("Usage Plan " + bronze.id() + " cannot be added because API Key " + alice.id()
							+ " cannot reference multiple Usage Plans with the same API Stage: api2:prod"))
				.verify(TIMEOUT);
			assertThat(reader().findUsagePlansOfKey(alice.id()).collectList().block(TIMEOUT))
				.containsExactlyElementsOf(sortedPlans(gold, silver));
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api3", "dev")).verifyComplete();
		}

		@Test
		void concurrentAddsToPlansSharingAStageAdmitOnlyOne() {
			ApiKey alice = create(apiKey("alice"));
			List<UsagePlan> plans = IntStream.range(0, 8)
				.mapToObj((i) -> createPlan(plan("plan" + i, "api1:prod", "api" + (i + 10) + ":prod")))
				.toList();
			List<Boolean> added = Flux.fromIterable(plans)
				.flatMap((plan) -> Mono.defer(() -> writer().createUsagePlanKey(plan.id(), alice.id()))
					.map((key) -> true)
					.onErrorResume(ApiModelException.Conflict.class, (ex) -> Mono.just(false))
					.subscribeOn(Schedulers.parallel()))
				.collectList()
				.block(TIMEOUT);
			assertThat(added).containsOnlyOnce(true);
			assertThat(reader().findUsagePlansOfKey(alice.id()).collectList().block(TIMEOUT)).hasSize(1);
		}

		@Test
		void updateOfAPlanMayNotAdmitAKeyToAStageAnotherPlanAdmitsItTo() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			UsagePlan silver = createPlan(plan("silver", "api2:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			writer().createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().updateUsagePlan(silver.id(), (plan) -> withStages(plan, "api2:prod",
					"api1:prod")))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiModelException.Conflict.class)
					.hasMessageEndingWith("with the same API Stage: api1:prod"))
				.verify(TIMEOUT);
			assertThat(reader().findUsagePlan(silver.id()).block(TIMEOUT)).isEqualTo(silver);
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(gold);
		}

		@Test
		void stagesAddedToOrRemovedFromAPlanFollowForItsKeys() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			UsagePlan moved = writer().updateUsagePlan(gold.id(), (plan) -> withStages(plan, "api2:prod"))
				.block(TIMEOUT);
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api1", "prod")).verifyComplete();
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api2", "prod").block(TIMEOUT)).isEqualTo(moved);
			// api1:prod is free for another plan of the key again.
			UsagePlan silver = createPlan(plan("silver", "api1:prod"));
			writer().createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api1", "prod").block(TIMEOUT)).isEqualTo(silver);
		}

		@Test
		void removeTakesTheKeyOutOfThePlanOnly() {
			ApiKey alice = create(apiKey("alice"));
			UsagePlan gold = createPlan(plan("gold", "api1:prod"));
			UsagePlan silver = createPlan(plan("silver", "api2:prod"));
			writer().createUsagePlanKey(gold.id(), alice.id()).block(TIMEOUT);
			writer().createUsagePlanKey(silver.id(), alice.id()).block(TIMEOUT);
			StepVerifier.create(writer().deleteUsagePlanKey(gold.id(), alice.id())).expectNext(true).verifyComplete();
			StepVerifier.create(reader().findUsagePlanKeys(gold.id())).verifyComplete();
			StepVerifier.create(reader().findUsagePlanOfStage(alice.id(), "api1", "prod")).verifyComplete();
			assertThat(reader().findUsagePlanOfStage(alice.id(), "api2", "prod").block(TIMEOUT)).isEqualTo(silver);
			assertThat(reader().findApiKey(alice.id()).block(TIMEOUT)).isEqualTo(alice);
			StepVerifier.create(writer().deleteUsagePlanKey(gold.id(), alice.id())).expectNext(false).verifyComplete();
		}

	}

	@Test
	void everyWriteIsAnnouncedOnceStored() {
		ApiKey alice = apiKey("alice");
		UsagePlan gold = plan("gold", "api1:prod");
		StepVerifier.create(reader().changes().take(6))
			.then(() -> writer().createApiKey(alice).subscribe())
			.assertNext((change) -> {
				assertThat(change).isEqualTo(UsageChange.apiKey(alice.id()));
				assertThat(reader().findApiKey(alice.id()).block(TIMEOUT)).isEqualTo(alice);
			})
			.then(() -> writer().createUsagePlan(gold).subscribe())
			.expectNext(UsageChange.usagePlan(gold.id()))
			.then(() -> writer().createUsagePlanKey(gold.id(), alice.id()).subscribe())
			.expectNext(UsageChange.apiKey(alice.id()))
			.then(() -> writer().updateUsagePlan(gold.id(), (plan) -> withStages(plan, "api2:prod")).subscribe())
			.expectNext(UsageChange.usagePlan(gold.id()))
			.then(() -> writer().deleteUsagePlan(gold.id()).subscribe())
			.expectNext(UsageChange.usagePlan(gold.id()))
			.then(() -> writer().deleteApiKey(alice.id()).subscribe())
			.expectNext(UsageChange.apiKey(alice.id()))
			.expectComplete()
			.verify(TIMEOUT);
	}

	ApiKey create(ApiKey key) {
		return writer().createApiKey(key).block(TIMEOUT);
	}

	UsagePlan createPlan(UsagePlan plan) {
		return writer().createUsagePlan(plan).block(TIMEOUT);
	}

	static UsagePlan withStages(UsagePlan plan, String... stageIds) {
		List<ApiStage> stages = Arrays.stream(stageIds).map(ApiStage::parse).toList();
		return new UsagePlan(plan.id(), plan.name(), plan.description(), stages, plan.throttle(), plan.quota(),
				plan.productCode(), plan.tags());
	}

	static List<ApiKey> sortedById(ApiKey... keys) {
		return Arrays.stream(keys).sorted(Comparator.comparing(ApiKey::id)).toList();
	}

	static List<UsagePlan> sortedPlans(UsagePlan... plans) {
		return Arrays.stream(plans).sorted(Comparator.comparing(UsagePlan::id)).toList();
	}

}

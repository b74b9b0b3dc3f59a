package io.tollgate.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.tollgate.model.ApiModelException;
import io.tollgate.store.AtomicFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A {@link UsageStore} for a single node: everything is held in memory and persisted as one JSON file per object,
 * {@code {dataDir}/usage/api-keys/{keyId}.json} and {@code {dataDir}/usage/usage-plans/{planId}.json} (the plan with
 * the ids of its keys). Files are replaced atomically (written beside the target, then moved over it), so a crash
 * leaves either the old or the new object, never a torn one. Writes are serialized; reads never wait. Changes are
 * announced only to subscribers of this instance.
 */
public final class EmbeddedUsageStore implements UsageStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedUsageStore.class);

	private static final String SUFFIX = ".json";

	private final Path keysDir;

	private final Path plansDir;

	private final Object writeLock = new Object();

	private volatile UsageState state;

	private final Sinks.Many<UsageChange> changes = Sinks.many().multicast().directBestEffort();

	/**
	 * Opens the store in {@code dataDir}, creating its directories when missing and loading every file found there.
	 * A file that cannot be read is logged and skipped, as is a plan's key that no longer exists.
	 */
	public EmbeddedUsageStore(Path dataDir) {
		Path usageDir = dataDir.resolve("usage");
		this.keysDir = usageDir.resolve("api-keys");
		this.plansDir = usageDir.resolve("usage-plans");
		try {
			Files.createDirectories(this.keysDir);
			Files.createDirectories(this.plansDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the usage store directory " + usageDir, ex);
		}
		this.state = load();
	}

	// API keys

	@Override
	public Flux<ApiKey> findApiKeys() {
		return Flux.defer(() -> Flux.fromIterable(this.state.keys()));
	}

	@Override
	public Mono<ApiKey> findApiKey(String keyId) {
		return Mono.fromSupplier(() -> this.state.key(keyId));
	}

	@Override
	public Mono<ApiKey> findApiKeyByValue(String value) {
		return Mono.fromSupplier(() -> this.state.keyByValue(value));
	}

	@Override
	public Mono<ApiKey> createApiKey(ApiKey key) {
		return write(() -> {
			UsageState next = this.state.withNewKey(key);
			writeKey(key);
			commit(next, UsageChange.apiKey(key.id()));
			return key;
		});
	}

	@Override
	public Mono<ApiKey> updateApiKey(String keyId, UnaryOperator<ApiKey> change) {
		return write(() -> {
			ApiKey current = this.state.key(keyId);
			if (current == null) {
				throw UsageStore.apiKeyNotFound();
			}
			ApiKey updated = change.apply(current);
			if (!updated.id().equals(keyId)) {
				throw new IllegalArgumentException("The id of API key " + keyId + " cannot change");
			}
			UsageState next = this.state.withKey(updated);
			writeKey(updated);
			commit(next, UsageChange.apiKey(keyId));
			return updated;
		});
	}

	@Override
	public Mono<Boolean> deleteApiKey(String keyId) {
		return write(() -> {
			UsageState current = this.state;
			if (current.key(keyId) == null) {
				return false;
			}
			UsageState next = current.withoutKey(keyId);
			for (UsagePlan plan : current.plansOf(keyId)) {
				writePlan(next, plan.id());
			}
			deleteFile(this.keysDir, keyId);
			commit(next, UsageChange.apiKey(keyId));
			return true;
		});
	}

	// Usage plans

	@Override
	public Flux<UsagePlan> findUsagePlans() {
		return Flux.defer(() -> Flux.fromIterable(this.state.plans()));
	}

	@Override
	public Mono<UsagePlan> findUsagePlan(String planId) {
		return Mono.fromSupplier(() -> this.state.plan(planId));
	}

	@Override
	public Mono<UsagePlan> createUsagePlan(UsagePlan plan) {
		return write(() -> {
			UsageState next = this.state.withNewPlan(plan);
			writePlan(next, plan.id());
			commit(next, UsageChange.usagePlan(plan.id()));
			return plan;
		});
	}

	@Override
	public Mono<UsagePlan> updateUsagePlan(String planId, UnaryOperator<UsagePlan> change) {
		return write(() -> {
			UsagePlan current = this.state.plan(planId);
			if (current == null) {
				throw UsageStore.usagePlanNotFound();
			}
			UsagePlan updated = change.apply(current);
			if (!updated.id().equals(planId)) {
				throw new IllegalArgumentException("The id of usage plan " + planId + " cannot change");
			}
			UsageState next = this.state.withPlan(updated);
			writePlan(next, planId);
			commit(next, UsageChange.usagePlan(planId));
			return updated;
		});
	}

	@Override
	public Mono<Boolean> deleteUsagePlan(String planId) {
		return write(() -> {
			if (this.state.plan(planId) == null) {
				return false;
			}
			UsageState next = this.state.withoutPlan(planId);
			deleteFile(this.plansDir, planId);
			commit(next, UsageChange.usagePlan(planId));
			return true;
		});
	}

	// Usage plan keys

	@Override
	public Flux<UsagePlanKey> findUsagePlanKeys(String planId) {
		return Flux.defer(() -> {
			UsageState current = this.state;
			if (current.plan(planId) == null) {
				return Flux.error(UsageStore.usagePlanNotFound());
			}
			List<UsagePlanKey> keys = new ArrayList<>();
			for (String keyId : current.keyIdsOf(planId)) {
				ApiKey key = current.key(keyId);
				if (key != null) {
					keys.add(UsagePlanKey.of(key));
				}
			}
			return Flux.fromIterable(keys);
		});
	}

	@Override
	public Flux<UsagePlan> findUsagePlansOfKey(String keyId) {
		return Flux.defer(() -> Flux.fromIterable(this.state.plansOf(keyId)));
	}

	@Override
	public Mono<UsagePlanKey> createUsagePlanKey(String planId, String keyId) {
		return write(() -> {
			UsageState next = this.state.withPlanKey(planId, keyId);
			writePlan(next, planId);
			commit(next, UsageChange.apiKey(keyId));
			return UsagePlanKey.of(Objects.requireNonNull(next.key(keyId)));
		});
	}

	@Override
	public Mono<Boolean> deleteUsagePlanKey(String planId, String keyId) {
		return write(() -> {
			if (!this.state.keyIdsOf(planId).contains(keyId)) {
				return false;
			}
			UsageState next = this.state.withoutPlanKey(planId, keyId);
			writePlan(next, planId);
			commit(next, UsageChange.apiKey(keyId));
			return true;
		});
	}

	@Override
	public Mono<UsagePlan> findUsagePlanOfStage(String keyId, String apiId, String stage) {
		return Mono.fromSupplier(() -> this.state.planOfStage(keyId, ApiStage.of(apiId, stage).stageId()));
	}

	@Override
	public Flux<UsageChange> changes() {
		return this.changes.asFlux();
	}

	@Override
	public void close() {
		this.changes.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	/** Runs a write off the event loop, one at a time: each reads the current state and replaces it. */
	private <T> Mono<T> write(Callable<T> work) {
		return Mono.fromCallable(() -> {
			synchronized (this.writeLock) {
				return work.call();
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private void commit(UsageState next, UsageChange change) {
		this.state = next;
		this.changes.emitNext(change, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	/** The file form of a plan: the plan and the ids of its keys. */
	record PlanFile(UsagePlan usagePlan, List<String> keyIds) {

		PlanFile(UsagePlan usagePlan, @Nullable List<String> keyIds) {
			this.usagePlan = usagePlan;
			this.keyIds = (keyIds != null) ? List.copyOf(keyIds) : List.of();
		}

	}

	private UsageState load() {
		AtomicFiles.deleteLeftoverTempFiles(this.keysDir);
		AtomicFiles.deleteLeftoverTempFiles(this.plansDir);
		List<ApiKey> keys = readAll(this.keysDir, UsageJson::readApiKey, ApiKey::id);
		List<PlanFile> plans = readAll(this.plansDir, (json) -> UsageJson.read(json, PlanFile.class),
				(file) -> file.usagePlan().id());
		Map<UsagePlan, List<String>> planKeys = new LinkedHashMap<>();
		plans.forEach((file) -> planKeys.put(file.usagePlan(), file.keyIds()));
		UsageState loaded = UsageState.load(keys, planKeys,
				(what, why) -> logger.warn("Skipping " + what + " from " + this.keysDir.getParent() + ": " + why));
		if (logger.isInfoEnabled()) {
			logger.info("Loaded " + keys.size() + " API key(s) and " + plans.size() + " usage plan(s) from "
					+ this.keysDir.getParent());
		}
		return loaded;
	}

	private <T> List<T> readAll(Path dir, JsonReader<T> reader, Function<T, String> idOf) {
		List<T> read = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
			for (Path file : files) {
				try {
					T value = reader.read(Files.readString(file, StandardCharsets.UTF_8));
					if (file.getFileName().toString().equals(idOf.apply(value) + SUFFIX)) {
						read.add(value);
					}
					else {
						logger.warn("Skipping usage file " + file + ": it holds " + idOf.apply(value));
					}
				}
				catch (IOException | RuntimeException ex) {
					logger.warn("Skipping usage file " + file + ": " + reason(ex));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the usage store directory " + dir, ex);
		}
		read.sort(Comparator.comparing(idOf));
		return read;
	}

	@FunctionalInterface
	private interface JsonReader<T> {

		T read(String json) throws JacksonException;

	}

	private void writeKey(ApiKey key) {
		writeFile(this.keysDir, key.id(), UsageJson.write(key));
	}

	private void writePlan(UsageState next, String planId) {
		UsagePlan plan = Objects.requireNonNull(next.plan(planId));
		writeFile(this.plansDir, planId, UsageJson.write(new PlanFile(plan, List.copyOf(next.keyIdsOf(planId)))));
	}

	private static void writeFile(Path dir, String id, String json) {
		AtomicFiles.write(dir.resolve(id + SUFFIX), json, "usage file");
	}

	private static void deleteFile(Path dir, String id) {
		Path file = dir.resolve(id + SUFFIX);
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete usage file " + file, ex);
		}
	}

	/**
	 * Why a file could not be read, without its content: parser messages quote values, and key files hold secrets.
	 */
	static String reason(Exception ex) {
		if (ex instanceof JacksonException jackson) {
			StringBuilder reason = new StringBuilder(jackson.getClass().getSimpleName());
			if (jackson.getCause() instanceof ApiModelException model) {
				reason.append(" (").append(model.errorType()).append(')');
			}
			TokenStreamLocation location = jackson.getLocation();
			if (location != null && location.getLineNr() > 0) {
				reason.append(" [line ").append(location.getLineNr()).append(", column ")
					.append(location.getColumnNr()).append(']');
			}
			return reason.toString();
		}
		if (ex instanceof ApiModelException model) {
			return model.errorType();
		}
		if (ex instanceof IOException) {
			return ex.toString();
		}
		return ex.getClass().getName();
	}

}

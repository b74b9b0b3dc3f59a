package io.tollgate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tollgate.model.ApiModelException;
import io.tollgate.model.VersionedApi;
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
 * The store for a single node: definitions of every API type are held in memory and persisted as one JSON file per
 * API, {@code {dataDir}/apis/{apiId}.json}. Files are replaced atomically (written beside the target, then moved over
 * it), so a crash leaves either the old or the new definition, never a torn one. Changes are announced only to
 * subscribers of this instance.
 */
public final class EmbeddedApiStore extends ApiStoreBackend implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedApiStore.class);

	private static final String SUFFIX = ".json";

	private final Path apisDir;

	private final ConcurrentHashMap<String, VersionedApi> definitions = new ConcurrentHashMap<>();

	private final Sinks.Many<ApiChange> changes = Sinks.many().multicast().directBestEffort();

	/**
	 * Opens the store in {@code dataDir}, creating its directory when missing and loading every definition file
	 * found there. A file that cannot be read is logged and skipped.
	 */
	public EmbeddedApiStore(Path dataDir) {
		this.apisDir = dataDir.resolve("apis");
		try {
			Files.createDirectories(this.apisDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the API store directory " + this.apisDir, ex);
		}
		load();
	}

	@Override
	protected Flux<VersionedApi> findAllOfAnyType() {
		return Flux.defer(() -> Flux.fromIterable(this.definitions.values()
			.stream()
			.sorted(Comparator.comparing(VersionedApi::id))
			.toList()));
	}

	@Override
	protected Mono<VersionedApi> findOfAnyType(String apiId) {
		return Mono.defer(() -> Mono.justOrEmpty(this.definitions.get(apiId)));
	}

	@Override
	protected Mono<VersionedApi> saveOfAnyType(VersionedApi definition, long expectedVersion) {
		return Mono.fromCallable(() -> {
			// compute() holds the entry while the file is written, so the version check, the file and the
			// in-memory copy change together for one API while other APIs stay writable.
			this.definitions.compute(definition.id(), (apiId, current) -> {
				long storedVersion = (current != null) ? current.version() : ABSENT;
				if (storedVersion != expectedVersion) {
					throw new ConcurrentModificationException(apiId, expectedVersion);
				}
				write(apiId, definition);
				return definition;
			});
			announce(definition.id());
			return definition;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	protected Mono<Boolean> deleteOfAnyType(String apiId) {
		return Mono.fromCallable(() -> {
			AtomicBoolean deleted = new AtomicBoolean();
			this.definitions.computeIfPresent(apiId, (id, current) -> {
				deleteFile(id);
				deleted.set(true);
				return null;
			});
			if (deleted.get()) {
				announce(apiId);
			}
			return deleted.get();
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Flux<ApiChange> changes() {
		return this.changes.asFlux();
	}

	@Override
	public void close() {
		this.changes.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private void announce(String apiId) {
		// Saves of different APIs run in parallel; busy-looping serializes their emissions instead of dropping one.
		this.changes.emitNext(new ApiChange(apiId), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private void load() {
		AtomicFiles.deleteLeftoverTempFiles(this.apisDir);
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.apisDir, "*" + SUFFIX)) {
			for (Path file : files) {
				VersionedApi definition = read(file);
				if (definition != null) {
					this.definitions.put(definition.id(), definition);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the API store directory " + this.apisDir, ex);
		}
		if (logger.isInfoEnabled()) {
			logger.info("Loaded " + this.definitions.size() + " API definition(s) from " + this.apisDir);
		}
	}

	private @Nullable VersionedApi read(Path file) {
		try {
			VersionedApi definition = ModelJson.readAny(Files.readString(file, StandardCharsets.UTF_8));
			if (!file.getFileName().toString().equals(definition.id() + SUFFIX)) {
				logger.warn("Skipping API definition file " + file + ": it holds API " + definition.id()
						+ ", whose file would be " + definition.id() + SUFFIX);
				return null;
			}
			return definition;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Skipping API definition file " + file + ": " + reason(ex));
			return null;
		}
	}

	private void write(String apiId, VersionedApi definition) {
		AtomicFiles.write(file(apiId), ModelJson.write(definition), "API definition file");
	}

	private void deleteFile(String apiId) {
		try {
			Files.deleteIfExists(file(apiId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete API definition file " + file(apiId), ex);
		}
	}

	private Path file(String apiId) {
		return this.apisDir.resolve(apiId + SUFFIX);
	}

	/**
	 * Why a file could not be read, without its content: parser and model messages quote values (stage
	 * variables, policies), so only the kind of error and where it is are given.
	 */
	static String reason(Exception ex) {
		if (ex instanceof JacksonException jackson) {
			StringBuilder reason = new StringBuilder(jackson.getClass().getSimpleName());
			if (jackson.getCause() instanceof ApiModelException model) {
				reason.append(" (").append(model.errorType()).append(')');
			}
			List<JacksonException.Reference> path = jackson.getPath();
			if (!path.isEmpty()) {
				reason.append(" at ").append(jackson.getPathReference());
			}
			TokenStreamLocation location = jackson.getLocation();
			if (location != null && location.getLineNr() > 0) {
				reason.append(" [line ")
					.append(location.getLineNr())
					.append(", column ")
					.append(location.getColumnNr())
					.append(']');
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

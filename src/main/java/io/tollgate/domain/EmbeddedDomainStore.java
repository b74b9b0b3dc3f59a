package io.tollgate.domain;

import io.tollgate.model.DomainNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tollgate.store.AtomicFiles;
import io.tollgate.store.ModelJson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link DomainStore} for a single node: the domains in memory and in one JSON file,
 * {@code {dataDir}/domain-names.json}, replaced atomically on every change.
 */
public final class EmbeddedDomainStore implements DomainStore, AutoCloseable {

	private final Path file;

	private volatile DomainNames current;

	private final Sinks.Many<Long> changes = Sinks.many().multicast().directBestEffort();

	public EmbeddedDomainStore(Path dataDir) {
		this.file = dataDir.resolve("domain-names.json");
		try {
			Files.createDirectories(dataDir);
			this.current = Files.exists(this.file)
					? ModelJson.mapper().readValue(Files.readString(this.file, StandardCharsets.UTF_8),
							DomainNames.class)
					: DomainNames.EMPTY;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the domain names file " + this.file, ex);
		}
	}

	@Override
	public Mono<DomainNames> load() {
		return Mono.fromSupplier(() -> this.current);
	}

	@Override
	public Mono<DomainNames> save(DomainNames domains, long expectedVersion) {
		return Mono.fromCallable(() -> {
			synchronized (this) {
				if (this.current.version() != expectedVersion) {
					throw new ConcurrentModificationException(expectedVersion);
				}
				AtomicFiles.write(this.file, ModelJson.mapper().writeValueAsString(domains), "domain names file");
				this.current = domains;
			}
			this.changes.emitNext(domains.version(), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
			return domains;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Flux<Long> changes() {
		return this.changes.asFlux();
	}

	@Override
	public void close() {
		this.changes.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

}

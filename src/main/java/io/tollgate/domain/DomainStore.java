package io.tollgate.domain;

import io.tollgate.model.DomainNames;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds the {@link DomainNames}. Writes are compare-and-set on {@link DomainNames#version()}, so concurrent writers
 * (management calls on any replica, definition files) never lose each other's changes, and every write is announced
 * on {@link #changes()} to every node that shares the store.
 */
public interface DomainStore {

	Mono<DomainNames> load();

	/**
	 * Stores {@code domains} if the stored version is {@code expectedVersion}; otherwise fails with
	 * {@link ConcurrentModificationException}.
	 */
	Mono<DomainNames> save(DomainNames domains, long expectedVersion);

	/**
	 * A signal after every stored change, from this node and every other node sharing the store; also when changes
	 * may have been missed (a lost connection), so a subscriber simply reads the whole set again.
	 */
	Flux<Long> changes();

	/** Applies {@code change} to the stored set and saves the result, retrying on concurrent modification. */
	default Mono<DomainNames> update(UnaryOperator<DomainNames> change) {
		return Mono.defer(this::load)
			.flatMap((current) -> save(change.apply(current), current.version()))
			.retryWhen(Retry.max(16).filter(ConcurrentModificationException.class::isInstance));
	}

	/** The stored version was not the expected one: someone else wrote first. */
	final class ConcurrentModificationException extends RuntimeException {

		public ConcurrentModificationException(long expected) {
			super("Domain names changed concurrently (expected version " + expected + ")", null, false, false);
		}

	}

}

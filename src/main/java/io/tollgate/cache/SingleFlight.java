package io.tollgate.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Collapses concurrent misses of one key on this node into one integration call: the first miss leads and calls
 * the integration; later ones wait for the response it stores. Across replicas (Redis) each replica leads its own
 * call, so N replicas make at most N calls for one key at once.
 */
final class SingleFlight {

	private final ConcurrentMap<String, Sinks.One<CachedResponse>> calls = new ConcurrentHashMap<>();

	/** Joins the call for {@code key}: the caller leads it when none is in flight. */
	Call join(String key) {
		Sinks.One<CachedResponse> mine = Sinks.one();
		Sinks.One<CachedResponse> existing = this.calls.putIfAbsent(key, mine);
		return (existing == null) ? new Call(this, key, mine, true) : new Call(this, key, existing, false);
	}

	/** Calls in flight, for tests. */
	int inFlight() {
		return this.calls.size();
	}

	/** One caller's part in a call. */
	static final class Call {

		private final SingleFlight flights;

		private final String key;

		private final Sinks.One<CachedResponse> result;

		private final boolean leads;

		Call(SingleFlight flights, String key, Sinks.One<CachedResponse> result, boolean leads) {
			this.flights = flights;
			this.key = key;
			this.result = result;
			this.leads = leads;
		}

		boolean leads() {
			return this.leads;
		}

		/** The leader's stored response; empty when it stored none (an error, an oversize body, a failure). */
		Mono<CachedResponse> result() {
			return this.result.asMono();
		}

		/** Ends the call (leader only, once): waiting callers get {@code response} or go to the integration. */
		void complete(@Nullable CachedResponse response) {
			this.flights.calls.remove(this.key, this.result);
			if (response != null) {
				this.result.tryEmitValue(response);
			}
			else {
				this.result.tryEmitEmpty();
			}
		}

	}

}

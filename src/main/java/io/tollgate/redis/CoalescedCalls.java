package io.tollgate.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Calls that share one Redis round trip when they arrive together: a call with none in flight is sent at once, alone;
 * calls that arrive while one is in flight wait and are sent together, as one batch, when it answers (or as soon as
 * {@code maxBatch} of them wait, so that a slow Redis holds no call back for long). Used where one script can decide
 * many calls in one go, atomically: fewer, larger round trips under load and no added latency when idle.
 * <p>
 * Each call keeps its own bound: a waiting call fails with {@link RedisTimeout}'s error when it has not been answered
 * within {@code timeout} of arriving (the batch's command has the connection's own timeout), and is then left out of
 * the batch it would have gone in, as a call cancelled while waiting is. A batch that fails fails each of its calls
 * with its error.
 *
 * @param <C> a call
 * @param <R> its answer
 */
public final class CoalescedCalls<C, R> {

	private final Function<List<C>, Mono<List<R>>> send;

	private final int maxBatch;

	private final Duration timeout;

	private final Object lock = new Object();

	/** Guarded by {@link #lock}, as is {@link #inFlight}. */
	private List<Waiting<C, R>> waiting = new ArrayList<>();

	private int inFlight;

	/**
	 * @param send sends a batch: answers one answer per call, in the calls' order
	 * @param maxBatch at most this many calls in one batch
	 * @param timeout bound on each call from its arrival
	 */
	public CoalescedCalls(Function<List<C>, Mono<List<R>>> send, int maxBatch, Duration timeout) {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("A batch takes at least one call");
		}
		this.send = send;
		this.maxBatch = maxBatch;
		this.timeout = timeout;
	}

	/** Sends the call alone when none is in flight, or with those that arrive meanwhile when one is. */
	public Mono<R> call(C call) {
		return Mono.defer(() -> {
			Waiting<C, R> arrived = new Waiting<>(call);
			List<Waiting<C, R>> batch = null;
			boolean alone;
			synchronized (this.lock) {
				alone = this.inFlight == 0 || this.maxBatch == 1;
				if (alone) {
					this.inFlight++;
					batch = List.of(arrived);
				}
				else {
					this.waiting.add(arrived);
					if (this.waiting.size() >= this.maxBatch) {
						batch = takeWaiting();
					}
				}
			}
			if (batch != null) {
				send(batch);
			}
			Mono<R> answer = arrived.answer.asMono();
			return alone ? answer : RedisTimeout.bound(answer.doOnCancel(arrived::cancel), this.timeout);
		});
	}

	/** The waiting calls, now in flight. Holds {@link #lock}. */
	private List<Waiting<C, R>> takeWaiting() {
		List<Waiting<C, R>> batch = this.waiting;
		this.waiting = new ArrayList<>(Math.min(batch.size() * 2, this.maxBatch));
		this.inFlight++;
		return batch;
	}

	private void send(List<Waiting<C, R>> batch) {
		List<Waiting<C, R>> live = new ArrayList<>(batch.size());
		List<C> calls = new ArrayList<>(batch.size());
		for (Waiting<C, R> each : batch) {
			if (!each.cancelled) {
				live.add(each);
				calls.add(each.call);
			}
		}
		if (live.isEmpty()) {
			answered();
			return;
		}
		Mono.defer(() -> this.send.apply(calls))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis answered no batch")))
			.subscribe((answers) -> {
				for (int i = 0; i < live.size(); i++) {
					live.get(i).answer.tryEmitValue(answers.get(i));
				}
			}, (error) -> {
				for (Waiting<C, R> each : live) {
					each.answer.tryEmitError(error);
				}
				answered();
			}, this::answered);
	}

	/** A batch answered: the calls that waited for it go now. */
	private void answered() {
		List<Waiting<C, R>> next = null;
		synchronized (this.lock) {
			this.inFlight--;
			if (!this.waiting.isEmpty()) {
				next = takeWaiting();
			}
		}
		if (next != null) {
			send(next);
		}
	}

	private static final class Waiting<C, R> {

		final C call;

		final Sinks.One<R> answer = Sinks.one();

		volatile boolean cancelled;

		Waiting(C call) {
			this.call = call;
		}

		void cancel() {
			this.cancelled = true;
		}

	}

}

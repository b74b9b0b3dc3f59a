package io.tollgate.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Calls that share one Redis round trip when they arrive together: a call with none in flight is sent at once, alone;
 * calls that arrive while one is in flight wait and are sent together, as one batch, when it answers (or as soon as
 * {@code maxBatch} of them wait, so that a slow Redis holds no call back for long). Used where one script can decide
 * many calls in one go, atomically: fewer, larger round trips under load and no added latency when idle.
 * <p>
 * Under load, batches are also spaced: when a batch answers sooner than {@code linger} after it was sent, the calls
 * waiting for it are held until then (or until {@code maxBatch} of them wait), and those arriving meanwhile join
 * them. Each round trip, and each script's fixed cost in Redis, then serves more calls, for at most {@code linger} more
 * wait, and only for a call that arrives while others are in flight or held.
 * <p>
 * Each call keeps its own bound: a waiting call fails with {@link RedisTimeout}'s error when it has not been answered
 * within {@code timeout} of arriving (the batch's command has the connection's own timeout), and is then left out of
 * the batch it would have gone in, as a call cancelled while waiting is. One timer watches every waiting call, set
 * for the oldest one's bound, rather than one timer per call: calls are answered in the order they arrived, so under
 * load the timer is moved on twice a second or so, not scheduled and cancelled for each call. A batch that fails fails each of its calls
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

	/** Guarded by {@link #lock}, as are {@link #inFlight}, {@link #held} and {@link #lastSent}. */
	private List<Waiting<C, R>> waiting = new ArrayList<>();

	private int inFlight;

	/** Whether the waiting calls are held until {@link #release()} runs. */
	private boolean held;

	/** When the last batch was sent ({@link System#nanoTime()}). */
	private long lastSent;

	private final long lingerNanos;

	/**
	 * The calls that waited or wait for a batch and are not answered yet, oldest first (guarded by {@link #lock}).
	 */
	private final ArrayDeque<Waiting<C, R>> unanswered = new ArrayDeque<>();

	/** Whether {@link #watch()} is scheduled (guarded by {@link #lock}). */
	private boolean watching;

	/**
	 * @param send sends a batch: answers one answer per call, in the calls' order
	 * @param maxBatch at most this many calls in one batch
	 * @param linger under load, the least time between two batches ({@link Duration#ZERO}: none)
	 * @param timeout bound on each call from its arrival
	 */
	public CoalescedCalls(Function<List<C>, Mono<List<R>>> send, int maxBatch, Duration linger, Duration timeout) {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("A batch takes at least one call");
		}
		this.send = send;
		this.maxBatch = maxBatch;
		this.lingerNanos = linger.toNanos();
		this.timeout = timeout;
	}

	/** Sends the call alone when none is in flight, or with those that arrive meanwhile when one is. */
	public Mono<R> call(C call) {
		return Mono.defer(() -> {
			Waiting<C, R> arrived = new Waiting<>(call);
			List<Waiting<C, R>> batch = null;
			boolean alone;
			boolean watch = false;
			synchronized (this.lock) {
				alone = (this.inFlight == 0 && !this.held) || this.maxBatch == 1;
				if (alone) {
					this.inFlight++;
					this.lastSent = System.nanoTime();
					batch = List.of(arrived);
				}
				else {
					arrived.deadline = System.nanoTime() + this.timeout.toNanos();
					this.unanswered.add(arrived);
					watch = !this.watching;
					this.watching = true;
					this.waiting.add(arrived);
					if (this.waiting.size() >= this.maxBatch) {
						batch = takeWaiting();
					}
				}
			}
			if (watch) {
				Schedulers.parallel().schedule(this::watch, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			if (batch != null) {
				send(batch);
			}
			Mono<R> answer = arrived.answer.asMono();
			return alone ? answer : answer.doOnCancel(arrived::cancel);
		});
	}

	/**
	 * Fails the waiting calls whose bound has passed, then watches for the oldest of the others; answered calls are
	 * dropped from the front as they go.
	 */
	private void watch() {
		List<Waiting<C, R>> expired = new ArrayList<>();
		long next = -1;
		synchronized (this.lock) {
			long now = System.nanoTime();
			Waiting<C, R> oldest;
			while ((oldest = this.unanswered.peekFirst()) != null) {
				if (!oldest.over()) {
					if (oldest.deadline - now > 0) {
						next = oldest.deadline - now;
						break;
					}
					expired.add(oldest);
				}
				this.unanswered.pollFirst();
			}
			this.watching = next >= 0;
		}
		for (Waiting<C, R> each : expired) {
			each.cancel();
			each.answer.tryEmitError(RedisTimeout.timedOut(this.timeout));
		}
		if (next >= 0) {
			Schedulers.parallel().schedule(this::watch, next, TimeUnit.NANOSECONDS);
		}
	}

	/** The waiting calls, now in flight. Holds {@link #lock}. */
	private List<Waiting<C, R>> takeWaiting() {
		this.lastSent = System.nanoTime();
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
			answered(batch);
			return;
		}
		Mono.defer(() -> this.send.apply(calls))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis answered no batch")))
			// The batch is done before its calls are answered: a call their callers make next, once answered, finds
			// nothing in flight and goes at once, rather than waiting behind a batch already over.
			.subscribe((answers) -> {
				answered(live);
				for (int i = 0; i < live.size(); i++) {
					live.get(i).answer.tryEmitValue(answers.get(i));
				}
			}, (error) -> {
				answered(live);
				for (Waiting<C, R> each : live) {
					each.answer.tryEmitError(error);
				}
			});
	}

	/** A batch answered: the calls that waited for it go now, or once {@code linger} has passed since it was sent. */
	private void answered(List<Waiting<C, R>> batch) {
		List<Waiting<C, R>> next = null;
		long hold = 0;
		for (Waiting<C, R> each : batch) {
			each.answered = true;
		}
		synchronized (this.lock) {
			this.inFlight--;
			Waiting<C, R> oldest;
			while ((oldest = this.unanswered.peekFirst()) != null && oldest.over()) {
				this.unanswered.pollFirst();
			}
			if (!this.waiting.isEmpty() && !this.held) {
				hold = this.lastSent + this.lingerNanos - System.nanoTime();
				if (hold > 0) {
					this.held = true;
				}
				else {
					next = takeWaiting();
				}
			}
		}
		if (next != null) {
			send(next);
		}
		else if (hold > 0) {
			Schedulers.parallel().schedule(this::release, hold, TimeUnit.NANOSECONDS);
		}
	}

	/** The held calls go, unless a full batch of them went meanwhile and is still in flight. */
	private void release() {
		List<Waiting<C, R>> next = null;
		synchronized (this.lock) {
			this.held = false;
			if (!this.waiting.isEmpty() && this.inFlight == 0) {
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

		/** Whether its batch answered (set before its answer is given). */
		volatile boolean answered;

		/** When its bound passes ({@link System#nanoTime()}); set for a call that waits. */
		long deadline;

		Waiting(C call) {
			this.call = call;
		}

		void cancel() {
			this.cancelled = true;
		}

		/** Whether nothing is left to bound: answered, or given up by its caller or by the timer. */
		boolean over() {
			return this.answered || this.cancelled;
		}

	}

}

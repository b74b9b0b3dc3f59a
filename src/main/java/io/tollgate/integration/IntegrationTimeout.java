package io.tollgate.integration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tollgate.pipeline.GatewayResponseException;
import io.tollgate.pipeline.GatewayResponseType;
import io.tollgate.redis.RequestEventLoops;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * An integration's timeout, as one deadline per call: a call still running when it passes, or one that failed with a
 * timeout of its own (a backend connection pool's acquire timeout), answers 504 {@code Endpoint request timed out}.
 * <p>
 * The deadline is one timer, scheduled when the call starts on the event loop of the request's own connection and
 * cancelled when the call ends, however many stages it bounds: an {@code HTTP_PROXY} call is bounded until the
 * backend's response headers in its integration step and then, to the same instant, while its body is read
 * ({@link BufferedProxyResponse}). Reactor's {@code timeout(Duration)} would schedule a timer per stage on
 * {@code Schedulers.parallel()}, with a lock and a heap per schedule and per cancel, on another thread. Each stage
 * is bounded with Reactor's {@code timeout(Publisher, fallback)}, the deadline firing its publisher: the stage is
 * cancelled (Reactor Netty drops a backend connection whose response is cancelled in flight) and fails with the
 * timeout's own error rather than Reactor's {@code TimeoutException}, whose message Reactor builds by scanning the
 * operator chain on every subscription.
 */
final class IntegrationTimeout implements Runnable {

	/** The state once the timer has fired. */
	private static final Object PASSED = new Object();

	/** The state once the call has ended first: the timer is cancelled. */
	private static final Object ENDED = new Object();

	private static final AtomicReferenceFieldUpdater<IntegrationTimeout, @Nullable Object> STATE =
			AtomicReferenceFieldUpdater.newUpdater(IntegrationTimeout.class, Object.class, "state");

	private static final Mono<?> TIMED_OUT = Mono.error(IntegrationTimeout::timedOut);

	/** The {@link Stage} bounded now, {@code null} between stages, {@link #PASSED} or {@link #ENDED}. */
	private volatile @Nullable Object state;

	private volatile @Nullable Future<?> timer;

	private IntegrationTimeout() {
	}

	/** Starts the deadline of a call of {@code exchange}'s integration that starts now. */
	static IntegrationTimeout start(ServerWebExchange exchange, Duration timeout) {
		EventLoop loop = RequestEventLoops.eventLoop(exchange);
		// TestInvokeMethod's exchanges have no connection: Netty's own single scheduling thread serves them.
		EventExecutor executor = (loop != null) ? loop : GlobalEventExecutor.INSTANCE;
		IntegrationTimeout deadline = new IntegrationTimeout();
		deadline.timer = executor.schedule(deadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
		return deadline;
	}

	/** Bounds the last stage of the call: the deadline ends with it, however it ends. */
	<T> Mono<T> bound(Mono<T> stage) {
		return bound(stage, null);
	}

	/**
	 * Bounds the call until Spring Cloud Gateway's routing filter has the backend's response: the deadline ends with
	 * the stage unless the response arrived, in which case its body is bounded next ({@link BufferedProxyResponse}).
	 */
	<T> Mono<T> boundUntilResponse(Mono<T> stage, ServerWebExchange exchange) {
		return bound(stage, exchange);
	}

	private <T> Mono<T> bound(Mono<T> stage, @Nullable ServerWebExchange bodyFollowsIn) {
		@SuppressWarnings("unchecked")
		Mono<T> timedOut = (Mono<T>) TIMED_OUT;
		return stage.timeout(new Stage(this, bodyFollowsIn), timedOut)
			.onErrorMap(TimeoutException.class, (ex) -> timedOut());
	}

	static GatewayResponseException timedOut() {
		return new GatewayResponseException(GatewayResponseType.INTEGRATION_TIMEOUT);
	}

	/** The timer: the stage bounded now, if any, times out, and every later one as it starts. */
	@Override
	public void run() {
		for (;;) {
			Object current = this.state;
			if (current == ENDED || current == PASSED) {
				return;
			}
			if (STATE.compareAndSet(this, current, PASSED)) {
				if (current instanceof Stage stage) {
					stage.pass();
				}
				return;
			}
		}
	}

	private void enter(Stage stage) {
		for (;;) {
			Object current = this.state;
			if (current == PASSED) {
				stage.pass();
				return;
			}
			if (current == ENDED || STATE.compareAndSet(this, current, stage)) {
				return;
			}
		}
	}

	private void leave(Stage stage) {
		if (stage.bodyFollows()) {
			STATE.compareAndSet(this, stage, null);
			return;
		}
		for (;;) {
			Object current = this.state;
			if (current == PASSED || current == ENDED) {
				return;
			}
			if (STATE.compareAndSet(this, current, ENDED)) {
				Future<?> scheduled = this.timer;
				if (scheduled != null) {
					scheduled.cancel(false);
				}
				return;
			}
		}
	}

	/**
	 * The publisher a stage's {@code timeout} operator subscribes to while the stage runs: it completes when the
	 * deadline passes, and its subscription is cancelled when the stage ends first.
	 */
	private static final class Stage extends Mono<Void> implements Subscription {

		private final IntegrationTimeout deadline;

		private final @Nullable ServerWebExchange bodyFollowsIn;

		private @Nullable CoreSubscriber<? super Void> subscriber;

		Stage(IntegrationTimeout deadline, @Nullable ServerWebExchange bodyFollowsIn) {
			this.deadline = deadline;
			this.bodyFollowsIn = bodyFollowsIn;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			this.subscriber = actual;
			actual.onSubscribe(this);
			this.deadline.enter(this);
		}

		void pass() {
			CoreSubscriber<? super Void> actual = this.subscriber;
			if (actual != null) {
				actual.onComplete();
			}
		}

		boolean bodyFollows() {
			return this.bodyFollowsIn != null
					&& this.bodyFollowsIn.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR) != null;
		}

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
			this.deadline.leave(this);
		}

	}

}

package io.tollgate.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Function;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The change notices of a Redis-backed store: one pub/sub subscription to its channel, shared so that every
 * subscriber sees every message, delivered off Lettuce's event loop (where slow subscribers would hold up every
 * other Redis reply). Messages published while the connection was down are lost, so a reconnect emits
 * {@code everything}: the signal to read the whole store again.
 *
 * @param <T> the change type of the store
 */
public final class RedisChangeFeed<T> implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisChangeFeed.class);

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final Flux<T> changes;

	/**
	 * Subscribes at once, so that a store never serves without hearing about changes.
	 * @param parse the change a message announces, {@code null} to ignore the message
	 */
	public RedisChangeFeed(SharedRedis redis, String channel, Duration timeout, Function<String, @Nullable T> parse,
			T everything) {
		this.connection = redis.connectPubSub(timeout);
		try {
			this.connection.sync().subscribe(channel);
		}
		catch (RuntimeException ex) {
			this.connection.close();
			throw ex;
		}
		Sinks.Many<T> reconnects = Sinks.many().multicast().directBestEffort();
		redis.addListener(new RedisConnectionStateListener() {

			@Override
			public void onRedisConnected(RedisChannelHandler<?, ?> reconnected, SocketAddress address) {
				if (reconnected == RedisChangeFeed.this.connection) {
					logger.info("Reconnected to Redis: everything published on " + channel
							+ " is read again in case changes were missed");
					reconnects.tryEmitNext(everything);
				}
			}

		});
		this.changes = Flux.merge(this.connection.reactive()
			.observeChannels()
			.filter((message) -> channel.equals(message.getChannel()))
			.mapNotNull((message) -> parse.apply(message.getMessage())), reconnects.asFlux())
			.publishOn(Schedulers.boundedElastic())
			.share();
	}

	public Flux<T> changes() {
		return this.changes;
	}

	@Override
	public void close() {
		this.connection.close();
	}

}

package io.tollgate.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.function.ToIntFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A replica's in-memory copies of values it shares with other replicas through Redis (authorizer results, cached
 * responses), each kept until the deadline its Redis entry expires at, so that reading one costs no round trip.
 * A replica that changes or removes values announces it on a channel and the others drop their copies; a reconnect
 * to Redis (announcements may have been missed) drops every copy.
 *
 * @param <V> the values, immutable
 */
public final class NearCopies<V> implements AutoCloseable {

	private static final String EVERYTHING = "*";

	private final Cache<String, Copy<V>> copies;

	private final String origin = UUID.randomUUID().toString();

	private final String channel;

	private final RedisConnection<String, String> publishing;

	private final RedisChangeFeed<String> announcements;

	private record Copy<V>(V value, long expiresAtMillis) {
	}

	/**
	 * @param channel the channel replicas announce changes on
	 * @param maximumWeight the most the copies may weigh together
	 * @param weigher the weight of one value (bytes, or 1 for counting entries)
	 */
	public NearCopies(SharedRedis redis, String channel, Duration timeout, long maximumWeight,
			ToIntFunction<V> weigher) {
		this.copies = Caffeine.newBuilder()
			.maximumWeight(maximumWeight)
			.weigher((String key, Copy<V> copy) -> weigher.applyAsInt(copy.value()))
			.expireAfterWrite(Duration.ofHours(1))
			.build();
		this.channel = channel;
		this.publishing = redis.connect(timeout);
		this.announcements = new RedisChangeFeed<>(redis, channel, timeout, (message) -> message, EVERYTHING);
		this.announcements.changes().subscribe(this::heard);
	}

	/** This replica's copy of {@code key}, if it has one that has not expired. */
	public @Nullable V get(String key) {
		Copy<V> copy = this.copies.getIfPresent(key);
		return (copy != null && copy.expiresAtMillis() > System.currentTimeMillis()) ? copy.value() : null;
	}

	/** Keeps a copy of a value read from or written to Redis, for as long as its Redis entry lives. */
	public void keep(String key, V value, long ttlMillis) {
		if (ttlMillis > 0) {
			this.copies.put(key, new Copy<>(value, System.currentTimeMillis() + ttlMillis));
		}
	}

	/** Tells the other replicas to drop their copies of the keys starting with {@code prefix} (a whole key too). */
	public Mono<Void> announce(String prefix) {
		return this.publishing.reactive()
			.publish(this.channel, this.origin + "|" + prefix)
			.then()
			.onErrorResume((ex) -> Mono.empty());
	}

	/** Drops this replica's copies of the keys starting with {@code prefix}. */
	public void drop(String prefix) {
		this.copies.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
	}

	private void heard(String message) {
		if (EVERYTHING.equals(message)) {
			this.copies.invalidateAll();
			return;
		}
		int separator = message.indexOf('|');
		if (separator > 0 && !message.startsWith(this.origin + "|")) {
			drop(message.substring(separator + 1));
		}
	}

	@Override
	public void close() {
		this.announcements.close();
		this.publishing.close();
	}

}

package io.tollgate.redis;

import java.net.URI;
import java.time.Duration;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

/**
 * Tollgate's Redis: one server, or a Redis Cluster when {@code tollgate.redis.cluster} is set. It holds the one
 * Lettuce client (a {@link RedisClusterClient} that follows the cluster's topology, or a {@link RedisClient}) and the
 * {@link RedisKeys names} of the keys. Stores, caches and the limiter connect through it and use the command
 * interfaces both kinds of connection share, so none of them asks which it is: on a cluster, Lettuce sends each
 * command to the master of its key's slot, and the keys a script uses together share a slot by their names.
 */
public final class SharedRedis implements AutoCloseable {

	private final AbstractRedisClient client;

	private final RedisProperties properties;

	private final RedisKeys keys;

	private SharedRedis(AbstractRedisClient client, RedisProperties properties) {
		this.client = client;
		this.properties = properties;
		this.keys = new RedisKeys(properties.keyPrefix(), properties.cluster());
	}

	/** The client stores, caches and the change feed share: every command bounded by the configured timeout. */
	public static SharedRedis create(ClientResources resources, RedisProperties properties) {
		return create(resources, properties, DisconnectedBehavior.DEFAULT, properties.commandTimeout());
	}

	/**
	 * A client of its own on this one's resources (event loops, command latency meters), whose commands fail at once
	 * while disconnected and after {@code timeout} otherwise: for a caller on the request path that must not queue
	 * behind a lost connection. Its owner closes it.
	 */
	public SharedRedis failingFast(Duration timeout) {
		return create(this.client.getResources(), this.properties, DisconnectedBehavior.REJECT_COMMANDS, timeout);
	}

	private static SharedRedis create(ClientResources resources, RedisProperties properties,
			DisconnectedBehavior disconnected, Duration timeout) {
		String url = properties.url();
		if (url == null || url.isBlank()) {
			throw new IllegalStateException(RedisProperties.PREFIX + ".url is not set");
		}
		if (properties.cluster()) {
			// Every host of the URL is a seed; the client learns the rest of the cluster from them.
			RedisClusterClient client = RedisClusterClient.create(resources,
					RedisClusterURIUtil.toRedisURIs(URI.create(url)));
			client.setOptions(ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enablePeriodicRefresh(properties.clusterRefreshPeriod())
					// MOVED/ASK redirections and lost connections (a failover, a resharding) refresh at once.
					.enableAllAdaptiveRefreshTriggers()
					.build())
				.disconnectedBehavior(disconnected)
				.timeoutOptions(TimeoutOptions.enabled(timeout))
				.build());
			return new SharedRedis(client, properties);
		}
		RedisClient client = RedisClient.create(resources, url);
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(disconnected)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		return new SharedRedis(client, properties);
	}

	/** The names of the keys and channels. */
	public RedisKeys keys() {
		return this.keys;
	}

	/** A connection of its own, each command bounded by {@code timeout}. */
	public <K, V> RedisConnection<K, V> connect(RedisCodec<K, V> codec, Duration timeout) {
		if (this.client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<K, V> connection = cluster.connect(codec);
			connection.setTimeout(timeout);
			return new RedisConnection<>(connection, connection.sync(), connection.async(), connection.reactive());
		}
		StatefulRedisConnection<K, V> connection = ((RedisClient) this.client).connect(codec);
		connection.setTimeout(timeout);
		return new RedisConnection<>(connection, connection.sync(), connection.async(), connection.reactive());
	}

	/** A connection of its own with string keys and values (UTF-8). */
	public RedisConnection<String, String> connect(Duration timeout) {
		return connect(ExactUtf8Codec.INSTANCE, timeout);
	}

	/**
	 * A pub/sub connection of its own. {@code PUBLISH} reaches every node of a cluster, so subscribing through any
	 * one of them hears every message.
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub(Duration timeout) {
		StatefulRedisPubSubConnection<String, String> connection = (this.client instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(ExactUtf8Codec.INSTANCE)
				: ((RedisClient) this.client).connectPubSub(ExactUtf8Codec.INSTANCE);
		connection.setTimeout(timeout);
		return connection;
	}

	/** Hears when this client's connections connect, disconnect and reconnect. */
	public void addListener(RedisConnectionStateListener listener) {
		this.client.addListener(listener);
	}

	@Override
	public void close() {
		this.client.shutdown();
	}

}

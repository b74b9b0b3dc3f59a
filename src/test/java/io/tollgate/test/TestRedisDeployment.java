package io.tollgate.test;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.tollgate.redis.RedisProperties;
import io.tollgate.redis.SharedRedis;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;

/**
 * A real Redis that tests start: one server ({@link TestRedis}) or a three-master Redis Cluster
 * ({@link TestRedisCluster}). Tests written against this run unchanged on either.
 */
public interface TestRedisDeployment extends BeforeAllCallback, AfterAllCallback {

	/** What {@code tollgate.redis.url} is set to: the server, or every master as a seed. */
	String url();

	/** Whether this is a cluster ({@code tollgate.redis.cluster}). */
	boolean cluster();

	/** Each node's own URL (the masters of a cluster), for looking at one node's state. */
	List<String> nodeUrls();

	/** The command-line arguments that point a replica at this Redis. */
	default List<String> arguments(String keyPrefix) {
		return List.of("--tollgate.redis.url=" + url(), "--tollgate.redis.key-prefix=" + keyPrefix,
				"--tollgate.redis.cluster=" + cluster());
	}

	/** Tollgate's settings for this Redis. */
	default RedisProperties properties(String keyPrefix, Duration commandTimeout) {
		return new RedisProperties(url(), keyPrefix, commandTimeout, cluster(), Duration.ofSeconds(60));
	}

	/** A {@link SharedRedis} on this Redis, as a replica opens it; the caller closes it and {@code resources}. */
	default SharedRedis open(ClientResources resources, String keyPrefix, Duration commandTimeout) {
		return SharedRedis.create(resources, properties(keyPrefix, commandTimeout));
	}

	/** Empties every node. */
	default void flushAll() {
		for (String node : nodeUrls()) {
			RedisClient client = RedisClient.create(node);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().flushall();
			}
			finally {
				client.shutdown();
			}
		}
	}

}

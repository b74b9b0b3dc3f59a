package io.tollgate.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;

/** Builds Tollgate's Redis clients, all on the shared client's resources (event loops, command latency meters). */
public final class RedisClients {

	private RedisClients() {
	}

	/** The client stores, caches and the change feed share: every command bounded by the configured timeout. */
	public static RedisClient shared(ClientResources resources, RedisProperties properties) {
		RedisClient client = RedisClient.create(resources, properties.url());
		client.setOptions(ClientOptions.builder()
			.timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
			.build());
		return client;
	}

	/**
	 * A client of its own on {@code shared}'s resources, whose commands fail at once while disconnected and after
	 * {@code timeout} otherwise: for a caller on the request path that must not queue behind a lost connection.
	 */
	public static RedisClient failingFast(RedisClient shared, RedisProperties properties, Duration timeout) {
		RedisClient client = RedisClient.create(shared.getResources(), properties.url());
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		return client;
	}

}

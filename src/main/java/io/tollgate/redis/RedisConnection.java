package io.tollgate.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * A connection to the {@link SharedRedis}, one server or a cluster: its commands in the interfaces Lettuce's
 * standalone and cluster connections share, so that callers do not depend on which. On a cluster each command goes to
 * the master of its key's slot, multi-key commands are split by slot, and scans cover every master.
 */
public record RedisConnection<K, V>(StatefulConnection<K, V> stateful, RedisClusterCommands<K, V> sync,
		RedisClusterAsyncCommands<K, V> async, RedisClusterReactiveCommands<K, V> reactive) implements AutoCloseable {

	@Override
	public void close() {
		this.stateful.close();
	}

}

package io.tollgate.redis;

import io.lettuce.core.cluster.SlotHash;

/**
 * The names of Tollgate's Redis keys: every key and channel starts with {@code prefix}. Keys that one script or one
 * multi-key command uses together form a unit; on a Redis Cluster a unit's keys carry its name as hash tag, right after
 * the prefix ({@code tollgate:{usage-store}:api-keys}), so that they share a slot, and different units spread over
 * the masters. On one server the tag is left out, which keeps the key names of earlier versions.
 *
 * @param prefix the prefix of every key and channel ({@code tollgate.redis.key-prefix})
 * @param cluster whether the keys live on a Redis Cluster
 */
public record RedisKeys(String prefix, boolean cluster) {

	/** The prefix of the keys of {@code unit}: {@code prefix{unit}:} on a cluster, {@code prefix} on one server. */
	public String of(String unit) {
		return this.cluster ? this.prefix + "{" + unit + "}:" : this.prefix;
	}

	/**
	 * The slot {@code key} lives in; keys in one slot can be used by one script. Every key is in slot 0 of one server.
	 */
	public int slot(String key) {
		return this.cluster ? SlotHash.getSlot(key) : 0;
	}

}

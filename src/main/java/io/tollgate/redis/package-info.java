/**
 * The shared Redis, one server or a Redis Cluster: the client and its connections built in one place from
 * {@code tollgate.redis.*} ({@link io.tollgate.redis.SharedRedis}), the names of the keys and their hash tags
 * ({@link io.tollgate.redis.RedisKeys}), the change feed, the near copies replicas keep of Redis entries, and the Lua
 * scripts (resources under {@code META-INF/scripts}).
 */
@NullMarked
package io.tollgate.redis;

import org.jspecify.annotations.NullMarked;

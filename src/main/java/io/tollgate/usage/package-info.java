/**
 * The account-level objects of API Gateway that meter callers: API keys, usage plans (throttle, quota, the API
 * stages they admit) and the keys added to each plan, behind the {@link io.tollgate.usage.UsageStore} port with an
 * embedded (memory + JSON files) and a Redis implementation; and their enforcement on the data plane: the API key
 * step ({@link io.tollgate.usage.ApiKeyFilter}, keys found by {@link io.tollgate.usage.ApiKeyIndex}), the throttle
 * and quota step, and the {@link io.tollgate.usage.UsageLimiter} port (Bucket4j local buckets, or one Lua script on
 * Redis) that also keeps the per-day usage of GetUsage.
 */
@NullMarked
package io.tollgate.usage;

import org.jspecify.annotations.NullMarked;

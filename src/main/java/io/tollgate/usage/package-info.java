/**
 * The account-level objects of API Gateway that meter callers: API keys, usage plans (throttle, quota, the API
 * stages they admit) and the keys added to each plan, behind the {@link io.tollgate.usage.UsageStore} port with an
 * embedded (memory + JSON files) and a Redis implementation.
 */
@NullMarked
package io.tollgate.usage;

import org.jspecify.annotations.NullMarked;

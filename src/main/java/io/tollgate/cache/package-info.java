/**
 * API Gateway's stage cache: responses of cached methods stored per stage under AWS's cache key (method, resource
 * path and the integration's cache key parameters), served after authorization and throttling, refreshed by an
 * authorized {@code Cache-Control: max-age=0}, flushed by FlushStageCache. Caffeine in process, or Redis shared by
 * all replicas.
 */
@NullMarked
package io.tollgate.cache;

import org.jspecify.annotations.NullMarked;

/**
 * The shared Redis: the client and its connections built in one place from {@code tollgate.redis.*}, the change
 * feed, the near copies replicas keep of Redis entries, and the Lua scripts (resources under
 * {@code META-INF/scripts}).
 */
@NullMarked
package io.tollgate.redis;

import org.jspecify.annotations.NullMarked;

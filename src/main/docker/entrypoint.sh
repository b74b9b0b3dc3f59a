#!/bin/sh
# The image's entrypoint: runs `java "$@"` with direct memory (Netty's buffers) sized from the container's memory
# limit, as -XX:MaxRAMPercentage sizes the heap: TOLLGATE_DIRECT_MEMORY_PERCENT (default 20) of the cgroup limit.
# Without a limit, or when JAVA_TOOL_OPTIONS already sets -XX:MaxDirectMemorySize, the JVM decides as usual.
set -eu

limit_file="${TOLLGATE_MEMORY_LIMIT_FILE:-}"
if [ -z "$limit_file" ]; then
	for candidate in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
		if [ -r "$candidate" ]; then
			limit_file="$candidate"
			break
		fi
	done
fi
limit="$( [ -n "$limit_file" ] && [ -r "$limit_file" ] && cat "$limit_file" || echo max)"
case "${JAVA_TOOL_OPTIONS:-}" in
	*MaxDirectMemorySize*) limit=max ;;
esac
case "$limit" in
	'' | max | *[!0-9]*) ;;
	*)
		# cgroup v1 reports "no limit" as a number near 2^63; anything above 1 TiB is no limit here.
		if [ "$limit" -lt 1099511627776 ]; then
			percent="${TOLLGATE_DIRECT_MEMORY_PERCENT:-20}"
			JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -XX:MaxDirectMemorySize=$((limit / 100 * percent))"
			export JAVA_TOOL_OPTIONS
		fi
		;;
esac
exec java "$@"

#!/usr/bin/env bash
# WebSocket message round trip: Tollgate (embedded, no Redis) serving a WebSocket API created through its management
# API, a two-way $default route on a MOCK integration; io.tollgate.bench.WebSocketRoundTrip opens WS_CONNECTIONS
# connections (1,000 by default), each sending a message and waiting for its reply before the next, and prints
# messages per second and the round trip's p50, p99 and max. Knobs: WS_CONNECTIONS, WS_WARMUP (s), WS_SECONDS (s),
# SKIP_BUILD=1, BENCH_JAVA_OPTS.
set -euo pipefail

WS_CONNECTIONS="${WS_CONNECTIONS:-1000}"
WS_WARMUP="${WS_WARMUP:-10}"
WS_SECONDS="${WS_SECONDS:-20}"
BENCH_TEST_CLASSES=1
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

CLASSPATH_FILE="$TOLLGATE_BUILD_DIR/test-classpath.txt"
[[ -f $CLASSPATH_FILE ]] || die "$CLASSPATH_FILE is missing (run without SKIP_BUILD=1)"
TEST_CP="$TOLLGATE_BUILD_DIR/test-classes:$TOLLGATE_BUILD_DIR/classes:$(cat "$CLASSPATH_FILE")"
ADMIN_KEY=AKIDBENCHADMIN000001
ADMIN_SECRET=bench-admin-secret-not-for-production

PORT="$(free_port)"
ADMIN_PORT="$(free_port)"
MANAGEMENT_PORT="$(free_port)"
log "Starting Tollgate on 127.0.0.1:$PORT (admin $ADMIN_PORT)"
java "${JAVA_OPTS[@]}" -jar "$TOLLGATE_JAR" --server.port="$PORT" --tollgate.admin.port="$ADMIN_PORT" \
	--management.server.port="$MANAGEMENT_PORT" --tollgate.data-dir="$WORK/data" \
	--tollgate.admin.access-key-id="$ADMIN_KEY" --tollgate.admin.secret-access-key="$ADMIN_SECRET" \
	--tollgate.websocket.new-connections-per-second=5000 >"$WORK/tollgate.log" 2>&1 &
TOLLGATE_PID=$!
PIDS+=("$TOLLGATE_PID")
for _ in $(seq 1 "$READY_TIMEOUT"); do
	curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" >/dev/null 2>&1 && break
	kill -0 "$TOLLGATE_PID" 2>/dev/null || { tail -50 "$WORK/tollgate.log" >&2; die "Tollgate exited"; }
	sleep 1
done
curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" >/dev/null || die "Tollgate did not start"

log "Round trips on $WS_CONNECTIONS connections: ${WS_WARMUP}s warm-up, ${WS_SECONDS}s measured"
RESULT="$(java -cp "$TEST_CP" io.tollgate.bench.WebSocketRoundTrip "$PORT" "$ADMIN_PORT" "$ADMIN_KEY" "$ADMIN_SECRET" \
	"$WS_CONNECTIONS" "$WS_WARMUP" "$WS_SECONDS")"
RSS="$(rss_mib "$TOLLGATE_PID")"
log "$RESULT rss_mib=$RSS"
mkdir -p "$RESULTS_DIR"
{
	echo "| connections | messages/s | p50 | p99 | max | Tollgate RSS |"
	echo "| --- | --- | --- | --- | --- | --- |"
	sed -E 's/connections=([0-9]+) messages=[0-9]+ messages_per_second=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+) max_ms=([0-9.]+)/| \1 | \2 | \3 ms | \4 ms | \5 ms |/' <<<"$RESULT" | sed "s/\$/ $RSS MiB |/"
} | tee "$RESULTS_DIR/websocket-$(date +%Y%m%d-%H%M%S).md"

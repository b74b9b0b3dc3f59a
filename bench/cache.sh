#!/usr/bin/env bash
# Cache benchmark: is a stage-cache hit cheaper than proxying the same route?
#
# Peers, all on loopback on this machine, measured in one run with the same wrk settings:
#   plain SCG              wrk -> Spring Cloud Gateway (bench/plain-scg), one route -> nginx
#   Tollgate, proxied      wrk -> Tollgate, stage prod:   GET /pets HTTP_PROXY, stage cache off -> nginx
#   Tollgate, cache hit    wrk -> Tollgate, stage cached: the same method, stage cache on (TTL 3600 s); after the
#                          first request every request is a hit and never reaches nginx
# Both Tollgate stages are served by one JVM (embedded Caffeine cache), measured one after the other.
#
# Writes bench/results/cache-<date>.md and prints it. Fails when a peer answers anything but 2xx, or when the hit
# peer missed the cache more than a handful of times (Tollgate's tollgate.cache.misses meter).
# See bench/README.md. Knobs: those of bench/lib.sh, plus BENCH_ENFORCE=1 (exit 1 unless the cache hit beats
# plain SCG).
set -euo pipefail

BENCH_ENFORCE="${BENCH_ENFORCE:-0}"
# The JVM warmed up on the proxied stage stays up: the cache-hit stage needs fewer warm-up rounds.
LATER_MIN_ROUNDS="${LATER_MIN_ROUNDS:-3}"
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

DIRECT_URL="http://127.0.0.1:$NGINX_PORT/pets"
wait_ready "$DIRECT_URL" "${PIDS[0]}" nginx "$WORK/nginx/error.log"
read -r -a NGINX_PIDS <<<"${PIDS[0]} $(ps -o pid= --ppid "${PIDS[0]}" | tr '\n' ' ')"

cache_meter() { # management port, meter name: its count for the cached stage (0 before the first request)
	curl -s --max-time 10 "http://127.0.0.1:$1/actuator/metrics/$2?tag=api_id:bench&tag=stage:cached" \
		| grep -o '"statistic" *: *"COUNT" *, *"value" *: *[0-9.Ee+-]*' | sed 's/.*: *//' \
		| awk '{ printf "%.0f", $1 } END { if (NR == 0) print 0 }'
}

# ---------------------------------------------------------------------------------------- plain SCG
run_scg 1 "plain SCG, 1 route" -1
SCG=$((${#NAMES[@]} - 1))

# -------------------------------------------------------------------------------------------------- Tollgate
mkdir -p "$WORK/tollgate/definitions" "$WORK/tollgate/data"
cat >"$WORK/tollgate/definitions/bench.yaml" <<YAML
restApi: {id: bench, name: Bench}
resources:
  /pets:
    GET:
      methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://127.0.0.1:$NGINX_PORT/pets"}
stages:
  prod: {}
  cached:
    cacheClusterEnabled: true
    cacheClusterSize: "0.5"
    methodSettings:
      "*/*": {cachingEnabled: true, cacheTtlInSeconds: 3600}
YAML
PORT="$(free_port)"
MPORT="$(free_port)"
log "Starting Tollgate on 127.0.0.1:$PORT (management $MPORT)"
env -u TOLLGATE_REDIS_URL -u SERVER_PORT java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" -jar "$TOLLGATE_JAR" \
	--server.port="$PORT" --server.address=127.0.0.1 --management.server.port="$MPORT" \
	--management.server.address=127.0.0.1 \
	--management.endpoints.web.exposure.include=health,metrics,prometheus \
	--tollgate.data-dir="$WORK/tollgate/data" --tollgate.definitions-dir="$WORK/tollgate/definitions" \
	--tollgate.default-api=bench --tollgate.usage.default-rate-limit=1000000 \
	--tollgate.usage.default-burst-limit=500000 >"$WORK/tollgate.log" 2>&1 &
TG_PID=$!
PIDS+=("$TG_PID")

PROXY_URL="http://127.0.0.1:$PORT/prod/pets"
HIT_URL="http://127.0.0.1:$PORT/cached/pets"
wait_ready "$PROXY_URL" "$TG_PID" "Tollgate" "$WORK/tollgate.log"
wait_ready "$HIT_URL" "$TG_PID" "Tollgate (cached stage)" "$WORK/tollgate.log"
[[ "$(curl -s "$HIT_URL")" == "$BODY" ]] || die "the cached stage answered another body than the backend's"

measure "Tollgate, proxied (cache off)" "$PROXY_URL" tollgate-proxy "$WARMUP_MIN_ROUNDS" "$TG_PID" "${NGINX_PIDS[@]}"
record "Tollgate, proxied (cache off)" -1 "$(rss_mib "$TG_PID")"
TGP=$((${#NAMES[@]} - 1))

hits_before="$(cache_meter "$MPORT" tollgate.cache.hits)"
misses_before="$(cache_meter "$MPORT" tollgate.cache.misses)"
measure "Tollgate, cache hit" "$HIT_URL" tollgate-hit "$LATER_MIN_ROUNDS" "$TG_PID" "${NGINX_PIDS[@]}"
record "Tollgate, cache hit" "$TGP" "$(rss_mib "$TG_PID")"
TGH=$((${#NAMES[@]} - 1))
hits="$(awk -v a="$(cache_meter "$MPORT" tollgate.cache.hits)" -v b="$hits_before" 'BEGIN { printf "%.0f", a - b }')"
misses="$(awk -v a="$(cache_meter "$MPORT" tollgate.cache.misses)" -v b="$misses_before" 'BEGIN { printf "%.0f", a - b }')"
((misses <= 8)) || die "the cache-hit peer missed $misses times: the cache did not serve it"
stop_pid "$TG_PID"
stop_pid "${PIDS[0]}"

# ---------------------------------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/cache-$(date +%Y-%m-%d-%H%M%S).md"
HIT_VS_SCG="$(awk -v a="${R_RPS[$TGH]}" -v b="${R_RPS[$SCG]}" 'BEGIN { printf "%.2f", a / b }')"
HIT_PASS="$(awk -v r="$HIT_VS_SCG" 'BEGIN { print (r > 1.0) ? "PASS" : "FAIL" }')"
{
	echo "# Cache benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency after warm-up rounds until throughput" \
		"settles; each figure is the median of $RUNS runs. All peers on loopback, $(nproc) cores shared by wrk," \
		"nginx and the gateway: read the ratios, not the absolute numbers."
	echo
	echo "| peer | requests/s | p50 (ms) | p99 (ms) | vs plain SCG | vs Tollgate proxied | RSS after runs (MiB) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	for i in "${!NAMES[@]}"; do
		printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n' "${NAMES[$i]}" "${R_RPS[$i]}" "${R_P50[$i]}" \
			"${R_P99[$i]}" "$(ratio "${R_RPS[$i]}" "${R_RPS[$SCG]}")" "$(ratio "${R_RPS[$i]}" "${R_RPS[$TGP]}")" \
			"${R_RSS[$i]}"
	done
	echo
	echo "- Cache hit vs plain SCG: ${HIT_VS_SCG}x (goal: above 1.00x, a hit never reaches the backend) — **$HIT_PASS**"
	echo "- During the cache-hit peer's warm-up and runs: $hits hits, $misses misses (tollgate.cache.* meters)"
	echo "- Requests/s of each counted run (warm-up rounds; other processes' share of the CPU):"
	for i in "${!NAMES[@]}"; do
		echo "  - ${NAMES[$i]}: ${R_RUNS[$i]} (warm-up ${R_WARMUP[$i]}; other processes ${R_FOREIGN[$i]}%)"
	done
	if [[ ${#ODDITIES[@]} -gt 0 ]]; then
		echo "- Oddities:"
		for o in "${ODDITIES[@]}"; do echo "  - $o"; done
	fi
	echo "- $(java -version 2>&1 | head -1); JVM options: ${BENCH_JAVA_OPTS:-(defaults)};" \
		"total runtime $((SECONDS - START_SECONDS))s"
} >"$REPORT"

cat "$REPORT"
log "Written to $REPORT"
if [[ $BENCH_ENFORCE == 1 && $HIT_PASS != PASS ]]; then
	die "a cache hit ran at ${HIT_VS_SCG}x of plain SCG (goal: above 1.00x)"
fi

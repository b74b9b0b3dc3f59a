#!/usr/bin/env bash
# Routing benchmark: does the route count change a gateway's throughput?
#
# Peers, all on loopback on this machine, measured in one run with the same wrk settings:
#   direct            wrk -> nginx
#   plain SCG 1 / N   wrk -> Spring Cloud Gateway (bench/plain-scg) with 1 or SCG_ROUTES routes -> nginx
#   Tollgate 1 / N    wrk -> Tollgate with 1 or TOLLGATE_METHODS methods (HTTP_PROXY) -> nginx
# The measured route is always the LAST one, the worst case of a linear scan.
#
# Writes bench/results/routing-<date>.md and prints it. Fails when a peer answers anything but 2xx.
# See bench/README.md. Knobs (environment): WRK_THREADS, WRK_CONNECTIONS, WRK_DURATION, RUNS, WRK_WARMUP (one
# warm-up round), WARMUP_MIN_ROUNDS, WARMUP_MAX_ROUNDS, WARMUP_WINDOW, WARMUP_TOLERANCE, EXTRA_RUNS,
# FOREIGN_MAX_PERCENT, SCG_ROUTES, TOLLGATE_METHODS, SKIP_BUILD=1 (reuse the jars already built), BENCH_JAVA_OPTS (both JVMs),
# BENCH_ENFORCE=1 (exit 1 when Tollgate with TOLLGATE_METHODS falls below 0.90 of its 1-method figure).
set -euo pipefail

SCG_ROUTES="${SCG_ROUTES:-2000}"
TOLLGATE_METHODS="${TOLLGATE_METHODS:-10000}"
BENCH_ENFORCE="${BENCH_ENFORCE:-0}"
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

# -------------------------------------------------------------------------------------------------- direct
DIRECT_URL="http://127.0.0.1:$NGINX_PORT/pets"
wait_ready "$DIRECT_URL" "${PIDS[0]}" nginx "$WORK/nginx/error.log"
read -r -a NGINX_PIDS <<<"${PIDS[0]} $(ps -o pid= --ppid "${PIDS[0]}" | tr '\n' ' ')"
measure "direct (nginx)" "$DIRECT_URL" direct "$WARMUP_WINDOW" "${NGINX_PIDS[@]}"
record "direct (nginx)" -1 "-"

# ---------------------------------------------------------------------------------------- plain SCG

run_scg 1 "plain SCG, 1 route" -1
SCG1=$((${#NAMES[@]} - 1))
run_scg "$SCG_ROUTES" "plain SCG, $SCG_ROUTES routes" "$SCG1"
SCGN=$((${#NAMES[@]} - 1))

# -------------------------------------------------------------------------------------------------- Tollgate
tollgate_definition() { # methods, file
	local n=$1 file=$2 i
	{
		echo "restApi: {id: bench, name: Bench}"
		echo "resources:"
		for ((i = 0; i < n; i++)); do
			printf '  /r%d/pets:\n    GET:\n      methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://127.0.0.1:%d/pets"}\n' \
				"$i" "$NGINX_PORT"
		done
		echo "stages:"
		echo "  prod: {}"
	} >"$file"
}


run_tollgate() {
	local n=$1 label=$2 base=$3 port mport pid url slug="tollgate-$1" code
	port="$(free_port)"
	mport="$(free_port)"
	mkdir -p "$WORK/$slug/definitions" "$WORK/$slug/data"
	tollgate_definition "$n" "$WORK/$slug/definitions/bench.yaml"
	log "Starting $label on 127.0.0.1:$port (management $mport)"
	env -u TOLLGATE_REDIS_URL -u SERVER_PORT java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" -jar "$TOLLGATE_JAR" \
		--server.port="$port" --server.address=127.0.0.1 --management.server.port="$mport" \
		--management.server.address=127.0.0.1 \
		--management.endpoints.web.exposure.include=health,metrics,prometheus,gateway \
		--tollgate.data-dir="$WORK/$slug/data" --tollgate.definitions-dir="$WORK/$slug/definitions" \
		--tollgate.default-api=bench --tollgate.usage.default-rate-limit=1000000 \
		--tollgate.usage.default-burst-limit=500000 >"$WORK/$slug.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	url="http://127.0.0.1:$port/prod/r$((n - 1))/pets"
	wait_ready "$url" "$pid" "$label" "$WORK/$slug.log"
	if ((n > 1)); then
		code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/prod/r$n/pets")"
		[[ $code == 403 || $code == 404 ]] || die "$label answered $code for a path no method matches"
		code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/prod/r0/pets")"
		[[ $code == 200 ]] || die "$label answered $code for its first method"
	fi
	measure "$label" "$url" "$slug" "$WARMUP_MIN_ROUNDS" "$pid" "${NGINX_PIDS[@]}"
	record "$label" "$base" "$(rss_mib "$pid")"
	HEAP_RAW+=("$(heap_used_mib "$mport")")
	if command -v jcmd >/dev/null && jcmd "$pid" GC.run >/dev/null 2>&1; then
		sleep 1
		HEAP_GC+=("$(heap_used_mib "$mport")")
	else
		HEAP_GC+=("")
	fi
	[[ -n ${HEAP_RAW[-1]} ]] || ODDITIES+=("$label: could not read jvm.memory.used from the actuator")
	stop_pid "$pid"
}

run_tollgate 1 "Tollgate, 1 method" -1
TG1=$((${#NAMES[@]} - 1))
run_tollgate "$TOLLGATE_METHODS" "Tollgate, $TOLLGATE_METHODS methods" "$TG1"
TGN=$((${#NAMES[@]} - 1))

stop_pid "${PIDS[0]}"

# ---------------------------------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

mkdir -p "$RESULTS_DIR"
STAMP="$(date +%Y-%m-%d-%H%M%S)"
REPORT="$RESULTS_DIR/routing-$STAMP.md"
ELAPSED=$((SECONDS - START_SECONDS))
TG_RATIO="$(awk -v a="${R_RPS[$TGN]}" -v b="${R_RPS[$TG1]}" 'BEGIN { printf "%.2f", a / b }')"
SCG_RATIO="$(awk -v a="${R_RPS[$SCGN]}" -v b="${R_RPS[$SCG1]}" 'BEGIN { printf "%.2f", a / b }')"
TG_PASS="$(awk -v r="$TG_RATIO" 'BEGIN { print (r >= 0.90) ? "PASS" : "FAIL" }')"

{
	echo "# Routing benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency, after $WRK_WARMUP warm-up rounds until" \
		"throughput settles ($WARMUP_WINDOW rounds in a row within $(awk -v t="$WARMUP_TOLERANCE" 'BEGIN { print t * 100 }')%;" \
		"at least $WARMUP_MIN_ROUNDS rounds for a JVM);" \
		"each figure is the median of $RUNS runs. The measured route is the last one. All peers on loopback," \
		"$(nproc) cores shared by wrk, nginx and the gateway: read the ratios, not the absolute numbers."
	echo
	echo "| peer | requests/s | p50 (ms) | p99 (ms) | vs own 1-route/1-method | vs plain SCG 1 route | vs direct | RSS after runs (MiB) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for i in "${!NAMES[@]}"; do
		own="-"
		[[ ${R_BASE[$i]} -ge 0 ]] && own="$(ratio "${R_RPS[$i]}" "${R_RPS[${R_BASE[$i]}]}")"
		[[ $i -eq $SCG1 || $i -eq $TG1 ]] && own="1.00x"
		vs_scg="-"
		[[ $i -ne 0 ]] && vs_scg="$(ratio "${R_RPS[$i]}" "${R_RPS[$SCG1]}")"
		printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s | %s |\n' "${NAMES[$i]}" "${R_RPS[$i]}" "${R_P50[$i]}" \
			"${R_P99[$i]}" "$own" "$vs_scg" "$(ratio "${R_RPS[$i]}" "${R_RPS[0]}")" "${R_RSS[$i]}"
	done
	echo
	echo "- Tollgate, $TOLLGATE_METHODS methods vs 1 method: ${TG_RATIO}x (goal: at least 0.90x) — **$TG_PASS**"
	echo "- Plain SCG, $SCG_ROUTES routes vs 1 route: ${SCG_RATIO}x"
	echo "- Tollgate heap used (actuator jvm.memory.used, area=heap): 1 method ${HEAP_RAW[0]:-?} MiB" \
		"(${HEAP_GC[0]:-?} MiB after a full GC); $TOLLGATE_METHODS methods ${HEAP_RAW[1]:-?} MiB" \
		"(${HEAP_GC[1]:-?} MiB after a full GC)"
	echo "- Requests/s of each counted run (seconds from start until the measured URL answered 200; the warm-up it" \
		"had; the median share of the machine's CPU that other processes took during the runs, 0-2% on a quiet machine):"
	for i in "${!NAMES[@]}"; do
		echo "  - ${NAMES[$i]}: ${R_RUNS[$i]} (ready after ${R_READY[$i]}s; warm-up ${R_WARMUP[$i]};" \
			"other processes ${R_FOREIGN[$i]}%)"
	done
	if [[ ${#ODDITIES[@]} -gt 0 ]]; then
		echo "- Oddities:"
		for o in "${ODDITIES[@]}"; do echo "  - $o"; done
	fi
	echo "- $(java -version 2>&1 | head -1); $("$NGINX" -v 2>&1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-3);" \
		"JVM options: ${BENCH_JAVA_OPTS:-(defaults)}; total runtime ${ELAPSED}s"
} >"$REPORT"

cat "$REPORT"
log "Written to $REPORT"
if [[ $BENCH_ENFORCE == 1 && $TG_PASS != PASS ]]; then
	die "Tollgate with $TOLLGATE_METHODS methods ran at ${TG_RATIO}x of its 1-method throughput (goal: 0.90x)"
fi

#!/usr/bin/env bash
# Shared by the benchmark scripts (source it after `set -euo pipefail`): knobs, prerequisites, the build of
# Tollgate and plain Spring Cloud Gateway, the nginx backend, and `measure`/`record`, which warm a peer up, run wrk
# RUNS times and keep medians. See bench/README.md for the knobs.
# shellcheck disable=SC2034 # variables set here are read by the sourcing script.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
WRK_DURATION="${WRK_DURATION:-10s}"
WRK_WARMUP="${WRK_WARMUP:-5s}"
WARMUP_MIN_ROUNDS="${WARMUP_MIN_ROUNDS:-12}"
WARMUP_MAX_ROUNDS="${WARMUP_MAX_ROUNDS:-18}"
WARMUP_WINDOW="${WARMUP_WINDOW:-3}"
EXTRA_RUNS="${EXTRA_RUNS:-2}"
FOREIGN_MAX_PERCENT="${FOREIGN_MAX_PERCENT:-10}"
WARMUP_TOLERANCE="${WARMUP_TOLERANCE:-0.05}"
RUNS="${RUNS:-3}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"
SKIP_BUILD="${SKIP_BUILD:-0}"
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:-}"

TOLLGATE_BUILD_DIR="${TOLLGATE_BUILD_DIR:-$ROOT/target-bench}"
TOLLGATE_JAR="$TOLLGATE_BUILD_DIR/tollgate-0.1.0-SNAPSHOT.jar"
SCG_POM="$BENCH_DIR/plain-scg/pom.xml"
SCG_JAR="$BENCH_DIR/plain-scg/target/plain-scg.jar"
RESULTS_DIR="$BENCH_DIR/results"
BODY='{"id":1,"type":"dog","price":249.99}'

START_SECONDS=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench.XXXXXX")"
PIDS=()
USED_PORTS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
	local status=$?
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$pid" 2>/dev/null || true
	done
	if [[ $status -ne 0 ]]; then
		log "Failed (exit $status); logs kept in $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process this script started and forgets it.
stop_pid() {
	local pid=$1 kept=() p
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for p in "${PIDS[@]}"; do
		[[ $p == "$pid" ]] || kept+=("$p")
	done
	PIDS=("${kept[@]+"${kept[@]}"}")
}

# A loopback port that no socket uses and that this script has not handed out yet, below the ephemeral range
# (the load makes thousands of client connections, whose local ports a server could otherwise collide with).
EPHEMERAL_LOW="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
free_port() {
	local port low=10000 high=$((EPHEMERAL_LOW - 1))
	((high > low + 1000)) || { low=61001; high=65000; }
	for _ in $(seq 1 200); do
		port=$((low + RANDOM % (high - low)))
		[[ " ${USED_PORTS[*]-} " == *" $port "* ]] && continue
		[[ -z $(ss -Htan "( sport = :$port or dport = :$port )" 2>/dev/null) ]] || continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			USED_PORTS+=("$port")
			echo "$port"
			return
		fi
	done
	die "no free port found"
}

# ---------------------------------------------------------------------------------------------- prerequisites
apt_updated=0
apt_install() {
	command -v apt-get >/dev/null || die "$1 is missing and there is no apt-get to install it"
	[[ $(id -u) -eq 0 ]] || die "$1 is missing; install it (apt-get install $1) or run as root"
	if [[ $apt_updated -eq 0 ]]; then
		log "apt-get update"
		apt-get update -qq >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; die "apt-get update failed"; }
		apt_updated=1
	fi
	log "Installing $1 from Debian"
	# RUNLEVEL=1: the package must not start its own nginx on port 80; this script runs its own.
	RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >>"$WORK/apt.log" 2>&1 \
		|| { cat "$WORK/apt.log" >&2; die "apt-get install $1 failed"; }
}

NGINX="$(command -v nginx || true)"
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
if [[ -z $NGINX ]]; then
	apt_install nginx
	NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
	[[ -x $NGINX ]] || die "nginx not found after installing it"
fi
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v java >/dev/null || die "java (a JDK 17+) is required"

# ------------------------------------------------------------------------------------------------------ build
if [[ $SKIP_BUILD != 1 ]]; then
	# Tests are not compiled: the benchmark needs the jar only, and a test being edited must not stop it.
	log "Building Tollgate into $TOLLGATE_BUILD_DIR"
	# With BENCH_TEST_CLASSES=1 the test classes are compiled too (bench fixtures, JMH benchmarks), not run.
	if [[ ${BENCH_TEST_CLASSES:-0} == 1 ]]; then
		"$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests -Dtollgate.build.dir="$TOLLGATE_BUILD_DIR" package \
			dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$TOLLGATE_BUILD_DIR/test-classpath.txt" \
			>"$WORK/build-tollgate.log" 2>&1 || { tail -50 "$WORK/build-tollgate.log" >&2; die "Tollgate build failed"; }
	else
		"$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -Dmaven.test.skip=true -Dtollgate.build.dir="$TOLLGATE_BUILD_DIR" package \
			>"$WORK/build-tollgate.log" 2>&1 || { tail -50 "$WORK/build-tollgate.log" >&2; die "Tollgate build failed"; }
	fi
	log "Building plain Spring Cloud Gateway (bench/plain-scg)"
	"$ROOT/mvnw" -q -B -f "$SCG_POM" -Dmaven.test.skip=true package \
		>"$WORK/build-scg.log" 2>&1 || { tail -50 "$WORK/build-scg.log" >&2; die "plain-scg build failed"; }
fi
[[ -f $TOLLGATE_JAR ]] || die "$TOLLGATE_JAR is missing (run without SKIP_BUILD=1)"
[[ -f $SCG_JAR ]] || die "$SCG_JAR is missing (run without SKIP_BUILD=1)"

# ------------------------------------------------------------------------------------------------------ nginx
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport;
        location / {
            default_type application/json;
            return 200 '$BODY';
        }
    }
}
EOF
log "Starting nginx on 127.0.0.1:$NGINX_PORT"
"$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
PIDS+=($!)

# ------------------------------------------------------------------------------------------------ measuring
# Headers sent with every request of wait_ready and measure, as `-H "Name: value"` pairs (wrk and curl agree).
REQUEST_HEADERS=()
# Waits until URL answers 200 while process PID lives.
wait_ready() {
	local url=$1 pid=$2 name=$3 logfile=$4 deadline=$((SECONDS + READY_TIMEOUT)) started=$SECONDS code
	while ((SECONDS < deadline)); do
		if grep -qE 'Refused definition file|Could not read definition file|APPLICATION FAILED TO START' "$logfile" 2>/dev/null; then
			grep -E 'Refused definition file|Could not read definition file|APPLICATION FAILED TO START' -A5 "$logfile" >&2
			die "$name did not take its configuration (log: $logfile)"
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -40 "$logfile" >&2 || true
			die "$name exited before it was ready"
		fi
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${REQUEST_HEADERS[@]+"${REQUEST_HEADERS[@]}"}" "$url" || true)"
		if [[ $code == 200 ]]; then
			local body
			body="$(curl -s --max-time 5 "${REQUEST_HEADERS[@]+"${REQUEST_HEADERS[@]}"}" "$url")"
			[[ $body == "$BODY" ]] || die "$name answered $url with an unexpected body: $body"
			READY_AFTER=$((SECONDS - started))
			log "$name answers after ${READY_AFTER}s"
			return
		fi
		sleep 0.5
	done
	tail -40 "$logfile" >&2 || true
	die "$name did not answer 200 at $url within ${READY_TIMEOUT}s (last status: ${code:-none})"
}

# Latency as wrk prints it (850.00us, 1.23ms, 1.05s, 2.00m) in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u != "ms") n = -1
		printf "%.3f", n }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# CPU time in clock ticks: of the whole machine (busy, and all), of processes (with their threads), and of this
# shell's reaped children (wrk). What the machine spent beyond those is work of someone else sharing the cores.
cpu_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat; }
proc_ticks() {
	local pid total=0 t
	for pid in "$@"; do
		t="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')" || t=0
		total=$((total + ${t:-0}))
	done
	t="$(sed 's/^.*) //' "/proc/$$/stat" | awk '{ print $14 + $15 }')"
	echo $((total + t))
}

# Runs wrk against URL: warm-up, then RUNS counted runs. Sets RPS, P50, P99 (medians; ms for latencies) and
# FOREIGN (median share of the machine's CPU used by processes other than the peer, nginx and wrk).
# With PAIR_URL set (a reference peer kept running beside, e.g. plain SCG), each counted run is preceded by a run
# against PAIR_URL (without REQUEST_HEADERS) and PAIR_RPS is the median of those: the ratio of the two medians then
# compares runs minutes apart at most, not the state of the machine at the start against its state at the end.
ODDITIES=()
PAIR_URL=""
measure() { # name, url, slug, minimum warm-up rounds, pids of the servers involved
	local name=$1 url=$2 slug=$3 min_rounds=$4 i out rps=() p50=() p99=() foreign=()
	shift 4
	local pids=("$@")
	# Warm-up rounds of WRK_WARMUP until the last WARMUP_WINDOW rounds lie within WARMUP_TOLERANCE of each other
	# (the JIT compilers need 30 s or more of load to settle a gateway, with plateaus on the way; nginx settles
	# at once), at least min_rounds and at most WARMUP_MAX_ROUNDS of them.
	local round=0 cur warmup_out stable=0 recent=()
	while ((round < WARMUP_MAX_ROUNDS)); do
		round=$((round + 1))
		warmup_out="$WORK/wrk-$slug-warmup-$round.txt"
		wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_WARMUP" "${REQUEST_HEADERS[@]+"${REQUEST_HEADERS[@]}"}" "$url" >"$warmup_out" 2>&1 \
			|| { cat "$warmup_out" >&2; die "wrk failed against $name"; }
		check_wrk "$name (warm-up $round)" "$warmup_out"
		cur="$(awk '/^Requests\/sec:/ { print $2 }' "$warmup_out")"
		log "$name: warm-up $round ($WRK_WARMUP): $cur req/s"
		recent+=("$cur")
		((${#recent[@]} > WARMUP_WINDOW)) && recent=("${recent[@]:1}")
		if ((round >= min_rounds && ${#recent[@]} == WARMUP_WINDOW)) \
			&& printf '%s\n' "${recent[@]}" | awk -v t="$WARMUP_TOLERANCE" \
				'NR == 1 { lo = hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { exit !(lo > 0 && hi <= lo * (1 + t)) }'; then
			stable=1
			break
		fi
	done
	WARMUP_DESC="$round x $WRK_WARMUP"
	if ((stable == 0)); then
		ODDITIES+=("$name: throughput still moving after $WARMUP_DESC of warm-up (last rounds: ${recent[*]} req/s)")
	fi
	# Counted runs. This machine may be shared: a run during which other processes took more than
	# FOREIGN_MAX_PERCENT of the CPU is repeated, up to EXTRA_RUNS times, and the RUNS quietest runs count.
	local before after ours_before ours_after clean=0 attempts=$((RUNS + EXTRA_RUNS)) pair_rps=() pair_out
	i=0
	while ((clean < RUNS && i < attempts)) || ((i < RUNS)); do
		i=$((i + 1))
		out="$WORK/wrk-$slug-$i.txt"
		if [[ -n $PAIR_URL ]]; then
			pair_out="$WORK/wrk-$slug-pair-$i.txt"
			wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" "$PAIR_URL" >"$pair_out" 2>&1 \
				|| { cat "$pair_out" >&2; die "wrk failed against the reference peer beside $name"; }
			check_wrk "reference peer beside $name (run $i)" "$pair_out"
			pair_rps+=("$(awk '/^Requests\/sec:/ { print $2 }' "$pair_out")")
			log "$name: reference peer before run $i: ${pair_rps[-1]} req/s"
		fi
		read -r -a before <<<"$(cpu_ticks)"
		ours_before="$(proc_ticks "${pids[@]}")"
		wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency "${REQUEST_HEADERS[@]+"${REQUEST_HEADERS[@]}"}" "$url" >"$out" 2>&1 \
			|| { cat "$out" >&2; die "wrk failed against $name"; }
		ours_after="$(proc_ticks "${pids[@]}")"
		read -r -a after <<<"$(cpu_ticks)"
		check_wrk "$name (run $i)" "$out"
		rps+=("$(awk '/^Requests\/sec:/ { print $2 }' "$out")")
		p50+=("$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")")
		p99+=("$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")")
		foreign+=("$(awk -v b="$((after[0] - before[0]))" -v a="$((after[1] - before[1]))" \
			-v o="$((ours_after - ours_before))" 'BEGIN { f = (a > 0) ? (b - o) * 100 / a : 0; printf "%.0f", (f < 0) ? 0 : f }')")
		[[ -n ${rps[-1]} ]] || { cat "$out" >&2; die "no Requests/sec in wrk's output for $name"; }
		log "$name: run $i: ${rps[-1]} req/s, p50 ${p50[-1]} ms, p99 ${p99[-1]} ms, other processes ${foreign[-1]}% CPU"
		((foreign[-1] <= FOREIGN_MAX_PERCENT)) && clean=$((clean + 1))
	done
	if ((i > RUNS)); then
		# Keep the RUNS runs with the least CPU taken by others (stable order on ties).
		local keep=() k
		readarray -t keep < <(for k in "${!foreign[@]}"; do echo "${foreign[$k]} $k"; done | sort -n -k1,1 -k2,2 \
			| head -n "$RUNS" | awk '{ print $2 }' | sort -n)
		local k_rps=() k_p50=() k_p99=() k_foreign=()
		local k_pair=()
		for k in "${keep[@]}"; do
			k_rps+=("${rps[$k]}"); k_p50+=("${p50[$k]}"); k_p99+=("${p99[$k]}"); k_foreign+=("${foreign[$k]}")
			[[ -n $PAIR_URL ]] && k_pair+=("${pair_rps[$k]}")
		done
		[[ -n $PAIR_URL ]] && pair_rps=("${k_pair[@]}")
		ODDITIES+=("$name: $i counted runs because other processes took CPU (${foreign[*]}%); kept the $RUNS quietest")
		rps=("${k_rps[@]}"); p50=("${k_p50[@]}"); p99=("${k_p99[@]}"); foreign=("${k_foreign[@]}")
	fi
	RPS="$(median "${rps[@]}")"
	P50="$(median "${p50[@]}")"
	P99="$(median "${p99[@]}")"
	FOREIGN="$(median "${foreign[@]}")"
	RUNS_RPS="${rps[*]}"
	PAIR_RPS="-"
	[[ -n $PAIR_URL ]] && PAIR_RPS="$(median "${pair_rps[@]}")"
	if ((FOREIGN > FOREIGN_MAX_PERCENT)); then
		ODDITIES+=("$name: other processes took ${FOREIGN}% of the machine's CPU during the runs (${foreign[*]}): figures disturbed")
	fi
	log "$name: median $RPS req/s, p50 $P50 ms, p99 $P99 ms"
}

check_wrk() {
	local what=$1 file=$2 line
	line="$(grep -E '^ *Non-2xx or 3xx responses:' "$file" || true)"
	if [[ -n $line ]]; then
		cat "$file" >&2
		die "$what: wrk saw non-2xx responses:${line#*:}"
	fi
	line="$(grep -E '^ *Socket errors:' "$file" || true)"
	if [[ -n $line ]]; then
		log "WARNING: $what: $(echo "$line" | sed 's/^ *//')"
		ODDITIES+=("$what: $(echo "$line" | sed 's/^ *//')")
	fi
}

rss_mib() { awk '{ printf "%.0f", $1 / 1024 }' <<<"$(ps -o rss= -p "$1")"; }

# Results, one entry per peer, in the order measured.
NAMES=() R_RPS=() R_P50=() R_P99=() R_RUNS=() R_BASE=() R_RSS=() R_WARMUP=() R_FOREIGN=() R_READY=() R_PAIR=()
record() { # name, index of its own baseline (1 route / 1 method) or -1, rss
	NAMES+=("$1"); R_RPS+=("$RPS"); R_P50+=("$P50"); R_P99+=("$P99"); R_RUNS+=("$RUNS_RPS"); R_BASE+=("$2"); R_RSS+=("$3")
	R_PAIR+=("$PAIR_RPS")
	R_WARMUP+=("$WARMUP_DESC") R_FOREIGN+=("$FOREIGN") R_READY+=("$READY_AFTER")
}


# ------------------------------------------------------------------------------------------------ plain SCG
scg_config() { # routes file
	local n=$1 file=$2 i
	{
		echo "spring.cloud.gateway.server.webflux.route-filter-cache-enabled: true"
		echo "spring.cloud.gateway.server.webflux.routes:"
		for ((i = 0; i < n; i++)); do
			printf '  - id: route%d\n    uri: http://127.0.0.1:%d\n    predicates:\n      - Path=/route%d/pets\n' \
				"$i" "$NGINX_PORT" "$i"
		done
	} >"$file"
}

# Starts plain SCG with n routes, measures it and stops it; with a fourth argument "keep" it stays up for paired
# runs (PAIR_URL), its URL and pid in SCG_URL and SCG_PID.
run_scg() { # n, label, index of its own baseline or -1[, keep]
	local n=$1 label=$2 base=$3 keep=${4:-} port pid url slug="scg-$1"
	port="$(free_port)"
	scg_config "$n" "$WORK/$slug.yaml"
	log "Starting $label on 127.0.0.1:$port"
	java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" -jar "$SCG_JAR" --server.port="$port" --server.address=127.0.0.1 \
		--spring.config.additional-location="file:$WORK/$slug.yaml" >"$WORK/$slug.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	url="http://127.0.0.1:$port/route$((n - 1))/pets"
	wait_ready "$url" "$pid" "$label" "$WORK/$slug.log"
	# The last route matches but the one before it must not: the gateway really holds n routes.
	if ((n > 1)); then
		local code
		code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/route$n/pets")"
		[[ $code == 404 ]] || die "$label answered $code for a path no route matches"
		code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/route0/pets")"
		[[ $code == 200 ]] || die "$label answered $code for its first route"
	fi
	measure "$label" "$url" "$slug" "$WARMUP_MIN_ROUNDS" "$pid" "${NGINX_PIDS[@]}"
	record "$label" "$base" "$(rss_mib "$pid")"
	if [[ $keep == keep ]]; then
		SCG_URL="$url" SCG_PID="$pid"
	else
		stop_pid "$pid"
	fi
}

HEAP_RAW=() HEAP_GC=()
heap_used_mib() { # management port
	curl -s --max-time 10 "http://127.0.0.1:$1/actuator/metrics/jvm.memory.used?tag=area:heap" \
		| grep -o '"statistic" *: *"VALUE" *, *"value" *: *[0-9.Ee+-]*' | sed 's/.*: *//' \
		| awk '{ printf "%.0f", $1 / 1048576 }'
}

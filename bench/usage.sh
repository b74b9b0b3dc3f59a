#!/usr/bin/env bash
# Usage-plan benchmark: what does the API key + throttle + quota path cost per request?
#
# One Tollgate with Redis (tollgate.redis.url) serving two HTTP_PROXY methods to the same nginx, measured in one run
# with the same wrk settings, runs interleaved:
#   plain    GET /prod/plain/pets   no API key: the gateway-wide throttle only (a local bucket, no Redis)
#   keyed    GET /prod/keyed/pets   apiKeyRequired, x-api-key of a usage plan with a throttle and a DAY quota set high
#                                   enough never to refuse: key lookup + one Redis EVALSHA (throttle + quota + usage)
# Prints requests/s of each, the keyed/plain ratio, and Redis commands per keyed request from INFO commandstats
# (round trips: commands clients sent; and what the script ran inside Redis).
#
# Writes bench/results/usage-<date>.md and prints it. See bench/README.md. Knobs (environment): WRK_THREADS (2),
# WRK_CONNECTIONS (32), WRK_DURATION (10s), RUNS (3), WRK_WARMUP (5s), WARMUP_ROUNDS (6), READY_TIMEOUT (180),
# SKIP_BUILD=1 (reuse the jars built before), TOLLGATE_BUILD_DIR (target-bench), BENCH_JAVA_OPTS: bench/lib.sh's.
set -euo pipefail

# Knobs, cleanup, free ports, the build into TOLLGATE_BUILD_DIR and the nginx backend are the harness's.
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
WARMUP_ROUNDS="${WARMUP_ROUNDS:-6}"

command -v redis-server >/dev/null || apt_install redis-server
command -v redis-cli >/dev/null || apt_install redis-tools

ACCESS_KEY=AKIDBENCHUSAGE000001
SECRET_KEY=bench/usage/secret/0123456789abcdefghij
# A value the benchmark gives its API key (20-128 alphanumeric characters).
API_KEY_VALUE=BenchUsageKey0123456789abcdefghijKLMNOP
# High enough never to refuse during a run: the path does all its work, and every request is admitted.
PLAN_RATE=1000000000
PLAN_BURST=2000000000
PLAN_QUOTA=2000000000

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
	>"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" ping >/dev/null || die "redis-server did not start (log: $WORK/redis.log)"

# ---------------------------------------------------------------------------------------------------- Tollgate
mkdir -p "$WORK/definitions"
cat >"$WORK/definitions/bench.yaml" <<EOF
restApi: {id: bench, name: Bench}
resources:
  /plain/pets:
    GET:
      methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://127.0.0.1:$NGINX_PORT/pets"}
  /keyed/pets:
    GET:
      apiKeyRequired: true
      methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://127.0.0.1:$NGINX_PORT/pets"}
stages:
  prod: {}
EOF
PORT="$(free_port)"
ADMIN_PORT="$(free_port)"
MANAGEMENT_PORT="$(free_port)"
log "Starting Tollgate on 127.0.0.1:$PORT (admin $ADMIN_PORT) with Redis on $REDIS_PORT"
# The gateway-wide throttle (10,000 rps by default) is raised so that it never refuses during the runs; it is still
# taken from on every request of both methods.
env -u SERVER_PORT -u TOLLGATE_REDIS_URL java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" -jar "$TOLLGATE_JAR" \
	--server.port="$PORT" --server.address=127.0.0.1 --management.server.port="$MANAGEMENT_PORT" \
	--management.server.address=127.0.0.1 --tollgate.admin.port="$ADMIN_PORT" \
	--tollgate.admin.access-key-id="$ACCESS_KEY" --tollgate.admin.secret-access-key="$SECRET_KEY" \
	--tollgate.redis.url="redis://127.0.0.1:$REDIS_PORT" --tollgate.definitions-dir="$WORK/definitions" \
	--tollgate.default-api=bench --tollgate.usage.default-rate-limit=1000000000 \
	--tollgate.usage.default-burst-limit=2000000000 >"$WORK/tollgate.log" 2>&1 &
TOLLGATE_PID=$!
PIDS+=("$TOLLGATE_PID")
PLAIN_URL="http://127.0.0.1:$PORT/prod/plain/pets"
KEYED_URL="http://127.0.0.1:$PORT/prod/keyed/pets"
deadline=$((SECONDS + READY_TIMEOUT))
until [[ "$(curl -s --max-time 5 "$PLAIN_URL" || true)" == "$BODY" ]]; do
	kill -0 "$TOLLGATE_PID" 2>/dev/null || { tail -40 "$WORK/tollgate.log" >&2; die "Tollgate exited"; }
	((SECONDS < deadline)) || die "Tollgate did not answer $PLAIN_URL within ${READY_TIMEOUT}s"
	sleep 0.5
done

admin() { # method, path, body: the management API, SigV4-signed as the AWS CLI signs it
	curl -s --fail-with-body --max-time 10 -X "$1" "http://127.0.0.1:$ADMIN_PORT$2" \
		--aws-sigv4 "aws:amz:us-east-1:apigateway" --user "$ACCESS_KEY:$SECRET_KEY" \
		-H 'Content-Type: application/json' ${3:+--data "$3"}
}
json_id() { sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p'; }
KEY_ID="$(admin POST /apikeys "{\"name\":\"bench\",\"enabled\":true,\"value\":\"$API_KEY_VALUE\"}" | json_id)" \
	|| die "CreateApiKey failed"
PLAN_ID="$(admin POST /usageplans "{\"name\":\"bench\",\"apiStages\":[{\"apiId\":\"bench\",\"stage\":\"prod\"}],\
\"throttle\":{\"rateLimit\":$PLAN_RATE,\"burstLimit\":$PLAN_BURST},\"quota\":{\"limit\":$PLAN_QUOTA,\"offset\":0,\"period\":\"DAY\"}}" \
	| json_id)" || die "CreateUsagePlan failed"
[[ -n $KEY_ID && -n $PLAN_ID ]] || die "could not create the API key and usage plan"
admin POST "/usageplans/$PLAN_ID/keys" "{\"keyId\":\"$KEY_ID\",\"keyType\":\"API_KEY\"}" >/dev/null \
	|| die "CreateUsagePlanKey failed"
deadline=$((SECONDS + 30))
until [[ "$(curl -s --max-time 5 -H "x-api-key: $API_KEY_VALUE" "$KEYED_URL" || true)" == "$BODY" ]]; do
	((SECONDS < deadline)) || die "the keyed method did not admit the benchmark's key"
	sleep 0.2
done
code="$(curl -s -o /dev/null -w '%{http_code}' "$KEYED_URL")"
[[ $code == 403 ]] || die "the keyed method answered $code without a key (expected 403)"

# ------------------------------------------------------------------------------------------------- measuring
run_wrk() { # url, duration, output, [header]
	local args=(-t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$2" --latency)
	[[ -n ${4:-} ]] && args+=(-H "$4")
	wrk "${args[@]}" "$1" >"$3" 2>&1 || { cat "$3" >&2; die "wrk failed against $1"; }
	check_wrk "$1" "$3"
}
rps_of() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
requests_of() { awk '/requests in/ { print $1 }' "$1"; }
# Sum of calls by command from INFO commandstats, as "name calls" lines.
commandstats() { redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' \
	| sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' | sort; }

for i in $(seq 1 "$WARMUP_ROUNDS"); do
	run_wrk "$PLAIN_URL" "$WRK_WARMUP" "$WORK/warmup-plain-$i.txt"
	run_wrk "$KEYED_URL" "$WRK_WARMUP" "$WORK/warmup-keyed-$i.txt" "x-api-key: $API_KEY_VALUE"
	log "warm-up $i: plain $(rps_of "$WORK/warmup-plain-$i.txt") req/s, keyed $(rps_of "$WORK/warmup-keyed-$i.txt") req/s"
done

PLAIN=() KEYED=() KEYED_REQUESTS=0
commandstats >"$WORK/stats-before.txt"
for i in $(seq 1 "$RUNS"); do
	run_wrk "$PLAIN_URL" "$WRK_DURATION" "$WORK/plain-$i.txt"
	commandstats >"$WORK/stats-keyed-before-$i.txt"
	run_wrk "$KEYED_URL" "$WRK_DURATION" "$WORK/keyed-$i.txt" "x-api-key: $API_KEY_VALUE"
	commandstats >"$WORK/stats-keyed-after-$i.txt"
	PLAIN+=("$(rps_of "$WORK/plain-$i.txt")")
	KEYED+=("$(rps_of "$WORK/keyed-$i.txt")")
	KEYED_REQUESTS=$((KEYED_REQUESTS + $(requests_of "$WORK/keyed-$i.txt")))
	log "run $i: plain ${PLAIN[-1]} req/s, keyed ${KEYED[-1]} req/s"
done
commandstats >"$WORK/stats-after.txt"

# Commands during the keyed runs, by name (INFO itself excluded); and during the plain runs (should be none).
delta() { # before file, after file: "name delta" for each command whose count grew
	join -a2 -e0 -o '0,1.2,2.2' "$1" "$2" | awk '$1 != "info" && $3 - $2 > 0 { print $1, $3 - $2 }'
}
declare -A KEYED_CMDS=()
for i in $(seq 1 "$RUNS"); do
	while read -r name calls; do
		KEYED_CMDS[$name]=$(( ${KEYED_CMDS[$name]:-0} + calls ))
	done < <(delta "$WORK/stats-keyed-before-$i.txt" "$WORK/stats-keyed-after-$i.txt")
done
PLAIN_CMDS=0
for i in $(seq 1 "$RUNS"); do
	before="$WORK/stats-keyed-after-$((i - 1)).txt"
	[[ $i -eq 1 ]] && before="$WORK/stats-before.txt"
	while read -r _ calls; do PLAIN_CMDS=$((PLAIN_CMDS + calls)); done \
		< <(delta "$before" "$WORK/stats-keyed-before-$i.txt")
done
# Round trips are the commands clients send; what a script calls inside Redis is counted by commandstats too.
SCRIPT_CMDS=" time hmget get incr pexpire hset hincrby "
ROUND_TRIPS=0 INSIDE=0 BREAKDOWN=""
for name in $(printf '%s\n' "${!KEYED_CMDS[@]}" | sort); do
	calls=${KEYED_CMDS[$name]}
	BREAKDOWN+="$name $(awk -v c="$calls" -v n="$KEYED_REQUESTS" 'BEGIN { printf "%.2f", c / n }'), "
	if [[ $SCRIPT_CMDS == *" $name "* ]]; then INSIDE=$((INSIDE + calls)); else ROUND_TRIPS=$((ROUND_TRIPS + calls)); fi
done

PLAIN_RPS="$(median "${PLAIN[@]}")"
KEYED_RPS="$(median "${KEYED[@]}")"
mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/usage-$(date +%Y-%m-%d-%H%M%S).md"
{
	echo "# Usage-plan benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "One Tollgate with Redis; the same HTTP_PROXY backend (nginx) behind two methods; wrk -t$WRK_THREADS" \
		"-c$WRK_CONNECTIONS -d$WRK_DURATION, $WARMUP_ROUNDS warm-up rounds of $WRK_WARMUP each, $RUNS counted runs" \
		"interleaved; medians. $(nproc) cores shared by wrk, nginx, Redis and the gateway: read the ratio."
	echo
	echo "| method | requests/s (median) | runs |"
	echo "| --- | ---: | --- |"
	echo "| plain (no API key; gateway-wide throttle only) | $PLAIN_RPS | ${PLAIN[*]} |"
	echo "| keyed (API key + usage plan throttle + DAY quota, Redis) | $KEYED_RPS | ${KEYED[*]} |"
	echo
	echo "- keyed / plain: $(awk -v a="$KEYED_RPS" -v b="$PLAIN_RPS" 'BEGIN { printf "%.2fx", a / b }')"
	echo "- Redis round trips per keyed request (commands sent by clients, INFO commandstats):" \
		"$(awk -v c="$ROUND_TRIPS" -v n="$KEYED_REQUESTS" 'BEGIN { printf "%.2f", c / n }')" \
		"over $KEYED_REQUESTS requests; commands run inside the script per request:" \
		"$(awk -v c="$INSIDE" -v n="$KEYED_REQUESTS" 'BEGIN { printf "%.2f", c / n }')"
	echo "- Per command and keyed request: ${BREAKDOWN%, }"
	echo "- Redis commands during the plain runs: $PLAIN_CMDS"
	if [[ ${#ODDITIES[@]} -gt 0 ]]; then
		echo "- Oddities:"
		for o in "${ODDITIES[@]}"; do echo "  - $o"; done
	fi
	echo "- $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3); JVM options:" \
		"${BENCH_JAVA_OPTS:-(defaults)}; total runtime $((SECONDS - START_SECONDS))s"
} >"$REPORT"
cat "$REPORT"
log "Written to $REPORT"

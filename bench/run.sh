#!/usr/bin/env bash
# The benchmark: Tollgate against plain Spring Cloud Gateway and a direct call, same run, same machine.
#
# Peers on loopback, one at a time, same wrk settings:
#   direct              wrk -> nginx (the backend of every scenario, a fixed small JSON body)
#   plain SCG           wrk -> Spring Cloud Gateway with one route and nothing else (bench/plain-scg) -> nginx
#   Tollgate            one instance on Redis, set up through its admin API as a user would (curl --aws-sigv4):
#     1 HTTP_PROXY, no auth                         API s1 (1 method)
#     2 routing scale: 100 / 1,000 / 10,000 methods APIs s100, s1000, s10000 (definition files), target matched last
#     3 API key + usage plan                        /keyed      (x-api-key, usage plan with throttle and quota)
#     4 Lambda TOKEN authorizer + usage plan        /lambda     (authorizer result cached 300 s)
#     5 cache hit                                   /cached     (stage cache on, method caching on)
#     6 Cognito user-pool JWT                       /cognito    (RS256 ID token, JWKS from the fixtures)
#     7 IAM SigV4                                   /iam        (headers signed by the AWS SDK's signer)
#     8 HTTP API (v2), HTTP_PROXY, no auth          GET /pets   (quick-created through /v2/apis, $default stage)
# Then the resource side (RSS, heap with 11,101 methods loaded, Redis commands per request from INFO commandstats)
# and the JMH micro-benchmarks (bench/jmh.sh). Prints a markdown table and writes bench/results/run-<date>.md.
# Knobs: those of bench/lib.sh (see bench/README.md), plus SKIP_JMH=1.
set -euo pipefail

SKIP_JMH="${SKIP_JMH:-0}"
# The JVM warmed up on scenario 1 stays up: later scenarios need fewer warm-up rounds.
LATER_MIN_ROUNDS="${LATER_MIN_ROUNDS:-3}"
BENCH_TEST_CLASSES=1
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

command -v redis-server >/dev/null || apt_install redis-server
command -v redis-cli >/dev/null || apt_install redis-tools
CLASSPATH_FILE="$TOLLGATE_BUILD_DIR/test-classpath.txt"
[[ -f $CLASSPATH_FILE ]] || die "$CLASSPATH_FILE is missing (run without SKIP_BUILD=1)"
TEST_CP="$TOLLGATE_BUILD_DIR/test-classes:$TOLLGATE_BUILD_DIR/classes:$(cat "$CLASSPATH_FILE")"

ADMIN_KEY=AKIDBENCHADMIN000001
ADMIN_SECRET=bench-admin-secret-not-for-production
IAM_KEY=AKIDBENCHCALLER00001
IAM_SECRET=bench-caller-secret-not-for-production
API_KEY_VALUE=BenchApiKey0123456789abcdefGHIJ

# ---------------------------------------------------------------------------------------- Redis, fixtures
REDIS_PORT="$(free_port)"
log "Starting redis-server on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
for _ in $(seq 1 50); do redis ping >/dev/null 2>&1 && break; sleep 0.1; done
redis ping >/dev/null || die "redis-server did not start (log: $WORK/redis.log)"

FIXTURES_PORT="$(free_port)"
mkdir -p "$WORK/fixtures"
log "Starting the fixtures (Lambda Invoke API, Cognito JWKS) on 127.0.0.1:$FIXTURES_PORT"
java -cp "$TEST_CP" io.tollgate.bench.BenchFixtures serve "$FIXTURES_PORT" "$WORK/fixtures" >"$WORK/fixtures.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [[ -s $WORK/fixtures/id-token ]] && break; sleep 0.2; done
[[ -s $WORK/fixtures/id-token ]] || { cat "$WORK/fixtures.log" >&2; die "the fixtures did not start"; }
ID_TOKEN="$(cat "$WORK/fixtures/id-token")"

# ------------------------------------------------------------------------------------------ direct, plain SCG
NGINX_PID="${PIDS[0]}"
DIRECT_URL="http://127.0.0.1:$NGINX_PORT/pets"
wait_ready "$DIRECT_URL" "$NGINX_PID" nginx "$WORK/nginx/error.log"
read -r -a NGINX_PIDS <<<"$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr '\n' ' ')"
measure "direct (nginx)" "$DIRECT_URL" direct "$WARMUP_WINDOW" "${NGINX_PIDS[@]}"
record "direct (nginx)" -1 "-"
SCENARIO=("-")

# Plain SCG stays up beside Tollgate: each Tollgate scenario's counted runs alternate with runs of it (PAIR_URL), and
# the scenario's ratio is against those, measured in the same minutes.
run_scg 1 "plain SCG, 1 route" -1 keep
SCG1=$((${#NAMES[@]} - 1))
SCENARIO+=("-")

# ---------------------------------------------------------------------------------------------- Tollgate
scale_definition() { # api id, methods, file
	local id=$1 n=$2 file=$3 i
	{
		echo "restApi: {id: $id, name: $id}"
		echo "resources:"
		for ((i = 0; i < n; i++)); do
			printf '  /r%d/pets:\n    GET:\n      methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://127.0.0.1:%d/pets"}\n' \
				"$i" "$NGINX_PORT"
		done
		echo "stages:"
		echo "  prod: {}"
	} >"$file"
}
mkdir -p "$WORK/tollgate/definitions" "$WORK/tollgate/data"
for n in 1 100 1000 10000; do
	scale_definition "s$n" "$n" "$WORK/tollgate/definitions/s$n.yaml"
done

TG_PORT="$(free_port)"
TG_ADMIN="$(free_port)"
TG_MGMT="$(free_port)"
log "Starting Tollgate on 127.0.0.1:$TG_PORT (admin $TG_ADMIN, management $TG_MGMT, Redis $REDIS_PORT)"
env -u SERVER_PORT -u TOLLGATE_REDIS_URL java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" -jar "$TOLLGATE_JAR" \
	--server.port="$TG_PORT" --server.address=127.0.0.1 \
	--management.server.port="$TG_MGMT" --management.server.address=127.0.0.1 \
	--management.endpoints.web.exposure.include=health,metrics,prometheus \
	--tollgate.admin.port="$TG_ADMIN" --tollgate.admin.access-key-id="$ADMIN_KEY" \
	--tollgate.admin.secret-access-key="$ADMIN_SECRET" \
	--tollgate.redis.url="redis://127.0.0.1:$REDIS_PORT" \
	--tollgate.data-dir="$WORK/tollgate/data" --tollgate.definitions-dir="$WORK/tollgate/definitions" \
	--tollgate.lambda.endpoint="http://127.0.0.1:$FIXTURES_PORT" \
	--tollgate.lambda.access-key-id=AKIDLAMBDA --tollgate.lambda.secret-access-key=unused \
	--tollgate.cognito.endpoint="http://127.0.0.1:$FIXTURES_PORT" \
	--tollgate.iam.identities[0].access-key-id="$IAM_KEY" \
	--tollgate.iam.identities[0].secret-access-key="$IAM_SECRET" \
	--tollgate.iam.identities[0].arn="arn:aws:iam::000000000000:user/bench" \
	--tollgate.iam.identities[0].policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:*","Resource":"*"}]}' \
	--tollgate.usage.default-rate-limit=1000000 --tollgate.usage.default-burst-limit=500000 \
	>"$WORK/tollgate.log" 2>&1 &
TG_PID=$!
PIDS+=("$TG_PID")

# The management API, signed as the AWS CLI signs it. Prints the response body; dies on anything but 2xx.
admin() { # method, path, [json body]
	local method=$1 path=$2 body=${3:-} out code
	out="$WORK/admin-$RANDOM.json"
	code="$(curl -s -o "$out" -w '%{http_code}' --max-time 30 -X "$method" \
		--aws-sigv4 "aws:amz:us-east-1:apigateway" --user "$ADMIN_KEY:$ADMIN_SECRET" \
		-H 'Content-Type: application/json' ${body:+--data-binary "$body"} "http://127.0.0.1:$TG_ADMIN$path")"
	[[ $code == 2* ]] || { cat "$out" >&2; die "admin $method $path answered $code"; }
	cat "$out"
}
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" | head -1; }

REQUEST_HEADERS=(-H "Host: s1.execute-api.localhost")
wait_ready "http://127.0.0.1:$TG_PORT/prod/r0/pets" "$TG_PID" Tollgate "$WORK/tollgate.log"
TG_READY="$READY_AFTER"

log "Setting up the scenario API through the admin API"
INTEGRATION="\"x-amazon-apigateway-integration\": {\"type\": \"http_proxy\", \"httpMethod\": \"GET\", \"uri\": \"http://127.0.0.1:$NGINX_PORT/pets\"}"
LAMBDA_URI="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:allow/invocations"
OPENAPI="$(cat <<EOF
{
  "openapi": "3.0.1",
  "info": {"title": "scenarios", "version": "1"},
  "paths": {
    "/keyed": {"get": {"security": [{"api_key": []}], $INTEGRATION}},
    "/lambda": {"get": {"security": [{"api_key": [], "token": []}], $INTEGRATION}},
    "/cached": {"get": {$INTEGRATION}},
    "/cognito": {"get": {"security": [{"pool": []}], $INTEGRATION}},
    "/iam": {"get": {"security": [{"sigv4": []}], $INTEGRATION}}
  },
  "components": {"securitySchemes": {
    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
    "token": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
      "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "$LAMBDA_URI", "authorizerResultTtlInSeconds": 300}},
    "pool": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
        "providerARNs": ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_bench"]}},
    "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
  }}
}
EOF
)"
API_ID="$(admin POST "/restapis?mode=import" "$OPENAPI" | json_field id)"
[[ -n $API_ID ]] || die "ImportRestApi returned no id"
admin POST "/restapis/$API_ID/deployments" '{"stageName": "prod"}' >/dev/null
# With the stage cache on, AWS caches every GET method unless told otherwise: only /cached is. (Per method, not
# */*: a */* setting would bring AWS's default stage throttle, 10,000 rps, to every method.) Creating a method's
# setting gives it AWS's default method throttle too (10,000 rps, burst 5,000: one bucket shared by every caller,
# kept in Redis and taken from before the cache is looked at), which refused the cache hits beyond 10,000 rps with
# 429 and cost every scenario a Redis round trip; -1 takes it away again (the method inherits */*, which is not
# set), so each scenario measures its own path and only the gateway-wide throttle (raised above) applies.
SETTINGS=""
for m in keyed lambda cognito iam cached; do
	SETTINGS+="{\"op\": \"replace\", \"path\": \"/~1$m/GET/caching/enabled\", \"value\": \"$([[ $m == cached ]] && echo true || echo false)\"},
	{\"op\": \"replace\", \"path\": \"/~1$m/GET/throttling/rateLimit\", \"value\": \"-1\"},
	{\"op\": \"replace\", \"path\": \"/~1$m/GET/throttling/burstLimit\", \"value\": \"-1\"},"
done
admin PATCH "/restapis/$API_ID/stages/prod" "{\"patchOperations\": [
	{\"op\": \"replace\", \"path\": \"/cacheClusterEnabled\", \"value\": \"true\"},
	{\"op\": \"replace\", \"path\": \"/cacheClusterSize\", \"value\": \"0.5\"},
	$SETTINGS
	{\"op\": \"replace\", \"path\": \"/~1cached/GET/caching/ttlInSeconds\", \"value\": \"3600\"}]}" >/dev/null
# No method of the scenarios may have a throttle of its own.
if admin GET "/restapis/$API_ID/stages/prod" | grep -q '"throttlingRateLimit"'; then
	admin GET "/restapis/$API_ID/stages/prod" >&2
	die "a method of the scenario API still has a throttle of its own"
fi
KEY_ID="$(admin POST /apikeys "{\"name\": \"bench\", \"enabled\": true, \"value\": \"$API_KEY_VALUE\"}" | json_field id)"
PLAN_ID="$(admin POST /usageplans "{\"name\": \"bench\", \"apiStages\": [{\"apiId\": \"$API_ID\", \"stage\": \"prod\"}],
	\"throttle\": {\"rateLimit\": 1000000, \"burstLimit\": 500000}, \"quota\": {\"limit\": 2000000000, \"period\": \"DAY\"}}" | json_field id)"
admin POST "/usageplans/$PLAN_ID/keys" "{\"keyId\": \"$KEY_ID\", \"keyType\": \"API_KEY\"}" >/dev/null
HOST_HEADER="Host: $API_ID.execute-api.localhost"
BASE="http://127.0.0.1:$TG_PORT/prod"

# Redis round trips per request: commands clients send, over SAMPLE_REQUESTS sequential requests watched with
# MONITOR after the measured runs (INFO commandstats would also count what a Lua script calls inside Redis; MONITOR
# marks those "lua"). Background traffic in the same window (pub/sub pings) is included, so this is an upper bound.
SAMPLE_REQUESTS="${SAMPLE_REQUESTS:-200}"
redis_round_trips() { # url, headers...
	local url=$1 monitor_pid lines i
	shift
	# redis-cli itself in the background (not the redis function), so that the kill below stops it: a MONITOR left
	# running would make Redis copy every later command to it.
	redis-cli -h 127.0.0.1 -p "$REDIS_PORT" monitor >"$WORK/monitor.txt" 2>/dev/null &
	monitor_pid=$!
	sleep 0.5
	for ((i = 0; i < SAMPLE_REQUESTS; i++)); do
		curl -s -o /dev/null "$@" "$url"
	done
	sleep 0.5
	kill "$monitor_pid" 2>/dev/null || true
	wait "$monitor_pid" 2>/dev/null || true
	lines="$(grep -aE '^[0-9.]+ \[[0-9]+ [0-9.:]+\] ' "$WORK/monitor.txt" | grep -avc '"monitor"' || true)"
	awk -v c="$lines" -v r="$SAMPLE_REQUESTS" 'BEGIN { printf "%.2f", c / r }'
}

tollgate_scenario() { # number, label, slug, url, min warm-up rounds, headers...
	local number=$1 label=$2 slug=$3 url=$4 rounds=$5
	shift 5
	REQUEST_HEADERS=("$@")
	wait_ready "$url" "$TG_PID" "$label" "$WORK/tollgate.log"
	measure "$label" "$url" "$slug" "$rounds" "$TG_PID" "${NGINX_PIDS[@]}"
	record "$label" "$SCG1" "$(rss_mib "$TG_PID")"
	SCENARIO+=("$number")
	R_REDIS+=("$(redis_round_trips "$url" "$@")")
}
R_REDIS=("-" "-")

PAIR_URL="$SCG_URL"
tollgate_scenario 1 "Tollgate: HTTP_PROXY, no auth" tg-proxy "http://127.0.0.1:$TG_PORT/prod/r0/pets" \
	"$WARMUP_MIN_ROUNDS" -H "Host: s1.execute-api.localhost"
TG1=$((${#NAMES[@]} - 1))
for n in 100 1000 10000; do
	tollgate_scenario 2 "Tollgate: routing, $n methods (last)" "tg-scale-$n" \
		"http://127.0.0.1:$TG_PORT/prod/r$((n - 1))/pets" "$LATER_MIN_ROUNDS" -H "Host: s$n.execute-api.localhost"
done
TG10K=$((${#NAMES[@]} - 1))
tollgate_scenario 3 "Tollgate: API key + usage plan" tg-keyed "$BASE/keyed" "$LATER_MIN_ROUNDS" \
	-H "$HOST_HEADER" -H "x-api-key: $API_KEY_VALUE"
TG_KEYED=$((${#NAMES[@]} - 1))
tollgate_scenario 4 "Tollgate: Lambda TOKEN authorizer (cached) + usage plan" tg-lambda "$BASE/lambda" \
	"$LATER_MIN_ROUNDS" -H "$HOST_HEADER" -H "x-api-key: $API_KEY_VALUE" -H "Authorization: allow-token"
TG_LAMBDA=$((${#NAMES[@]} - 1))
LAMBDA_INVOCATIONS="$(curl -s "http://127.0.0.1:$FIXTURES_PORT/invocations")"
tollgate_scenario 5 "Tollgate: cache hit" tg-cached "$BASE/cached" "$LATER_MIN_ROUNDS" -H "$HOST_HEADER"
TG_CACHED=$((${#NAMES[@]} - 1))
tollgate_scenario 6 "Tollgate: Cognito JWT" tg-cognito "$BASE/cognito" "$LATER_MIN_ROUNDS" \
	-H "$HOST_HEADER" -H "Authorization: $ID_TOKEN"
TG_COGNITO=$((${#NAMES[@]} - 1))
SIGNED=()
while IFS= read -r line; do SIGNED+=(-H "$line"); done < <(java -cp "$TEST_CP" io.tollgate.bench.BenchFixtures sign \
	"http://$API_ID.execute-api.localhost:$TG_PORT/prod/iam" "$IAM_KEY" "$IAM_SECRET")
tollgate_scenario 7 "Tollgate: IAM SigV4" tg-sigv4 "$BASE/iam" "$LATER_MIN_ROUNDS" \
	-H "Host: $API_ID.execute-api.localhost:$TG_PORT" "${SIGNED[@]}"
TG_SIGV4=$((${#NAMES[@]} - 1))
log "Quick-creating the HTTP API through the apigatewayv2 admin API"
HTTP_API_ID="$(admin POST /v2/apis "{\"name\": \"bench-http\", \"protocolType\": \"HTTP\",
	\"target\": \"http://127.0.0.1:$NGINX_PORT/pets\", \"routeKey\": \"GET /pets\"}" | json_field apiId)"
[[ -n $HTTP_API_ID ]] || die "CreateApi returned no apiId"
tollgate_scenario 8 "Tollgate: HTTP API, HTTP_PROXY, no auth" tg-http-api "http://127.0.0.1:$TG_PORT/pets" \
	"$LATER_MIN_ROUNDS" -H "Host: $HTTP_API_ID.execute-api.localhost"
TG_HTTP_API=$((${#NAMES[@]} - 1))
PAIR_URL=""
stop_pid "$SCG_PID"

TG_RSS="$(rss_mib "$TG_PID")"
HEAP_NOW="$(heap_used_mib "$TG_MGMT")"
jcmd "$TG_PID" GC.run >/dev/null 2>&1 && sleep 1
HEAP_AFTER_GC="$(heap_used_mib "$TG_MGMT")"
stop_pid "$TG_PID"

# ---------------------------------------------------------------------------------------------------- JMH
# The markdown rows of JMH's CSV (CRLF lines): Benchmark, Mode, Threads, Samples, Score, Score Error, Unit, then one
# column "Param: name" per parameter of any benchmark of the run, empty in the rows of benchmarks without it. Each row
# names its own parameters' values (CognitoAuthorizerBenchmark's verifiedTokens=0 and =10000 are two rows).
jmh_table() { # csv file
	tr -d '"\r' <"$1" | awk -F, 'NR == 1 { for (i = 8; i <= NF; i++) { param[i] = $i; sub(/^Param: /, "", param[i]) }; next }
		{ name = $1; sub(/^io\.tollgate\.bench\.jmh\./, "", name); params = ""
		for (i = 8; i <= NF; i++) if ($i != "") params = params ((params == "") ? "" : ", ") param[i] "=" $i
		if (params != "") name = name " (" params ")"
		printf "| %s | %.3f %s | ± %.3f |\n", name, $5, $7, $6 }'
}
JMH_TABLE=""
if [[ $SKIP_JMH != 1 ]]; then
	log "JMH micro-benchmarks"
	java -cp "$TEST_CP" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 3 -r 1s -rf csv -rff "$WORK/jmh.csv" \
		'io.tollgate.bench.jmh.*' >"$WORK/jmh.log" 2>&1 || { tail -30 "$WORK/jmh.log" >&2; die "JMH failed"; }
	JMH_TABLE="$(jmh_table "$WORK/jmh.csv")"
fi

# ---------------------------------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
# A Tollgate scenario against plain SCG: against the plain SCG runs alternating with its own when there were any.
vs_scg() { # index
	local base="${R_PAIR[$1]}"
	[[ $base == - ]] && base="${R_RPS[$SCG1]}"
	ratio "${R_RPS[$1]}" "$base"
}
target() { # label, index, goal ratio[, against index (default: plain SCG)]
	local r
	if [[ -n ${4:-} ]]; then r="$(ratio "${R_RPS[$2]}" "${R_RPS[$4]}")"; else r="$(vs_scg "$2")"; fi
	awk -v r="${r%x}" -v g="$3" -v l="$1" 'BEGIN { printf "- %s: %.2fx (goal %.2fx: %s)\n", l, r, g, (r >= g) ? "met" : "NOT met" }'
}
mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/run-$(date +%Y-%m-%d-%H%M%S).md"
{
	echo "# Tollgate benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency after warm-up until throughput settles; each figure" \
		"the median of $RUNS runs; all peers on loopback, $(nproc) cores shared by wrk, nginx, Redis and the gateway:" \
		"read the ratios. Every gateway proxies to the same nginx."
	echo
	echo "| # | peer | requests/s | p50 (ms) | p99 (ms) | plain SCG alongside (req/s) | vs plain SCG | vs direct | Redis cmds/request |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for i in "${!NAMES[@]}"; do
		printf '| %s | %s | %.0f | %.2f | %.2f | %s | %s | %s | %s |\n' "${SCENARIO[$i]}" "${NAMES[$i]}" "${R_RPS[$i]}" \
			"${R_P50[$i]}" "${R_P99[$i]}" "$([[ ${R_PAIR[$i]} == - ]] && echo - || printf '%.0f' "${R_PAIR[$i]}")" \
			"$( ((i == 0)) && echo - || vs_scg "$i")" "$(ratio "${R_RPS[$i]}" "${R_RPS[0]}")" "${R_REDIS[$i]:--}"
	done
	echo
	echo "Targets (issue 19's; each Tollgate scenario against the plain SCG runs alternating with its own):"
	target "(1) HTTP_PROXY, no auth" "$TG1" 0.95
	target "(2) API key + usage plan" "$TG_KEYED" 0.8
	target "(3) Cognito JWT (verified tokens cached)" "$TG_COGNITO" 0.8
	target "(4) IAM SigV4" "$TG_SIGV4" 0.8
	echo "Others:"
	target "routing: 10,000 methods vs 1 method" "$TG10K" 0.9 "$TG1"
	target "Lambda authorizer (cached) + usage plan" "$TG_LAMBDA" 0.8
	target "cache hit" "$TG_CACHED" 1.5
	target "HTTP API HTTP_PROXY vs REST API HTTP_PROXY (1)" "$TG_HTTP_API" 1.0 "$TG1"
	echo "- Redis round trips per request: (3) ${R_REDIS[$TG_KEYED]}, (4) ${R_REDIS[$TG_LAMBDA]} (goal at most 1)"
	echo "- Lambda authorizer invocations during scenario 4 and its warm-up: $LAMBDA_INVOCATIONS (results cached)"
	echo
	echo "Resources: Tollgate RSS after all runs ${TG_RSS} MiB; heap with 11,101 methods loaded ${HEAP_NOW} MiB" \
		"(${HEAP_AFTER_GC} MiB after a full GC); ready after ${TG_READY}s; plain SCG RSS ${R_RSS[$SCG1]} MiB."
	if [[ -n $JMH_TABLE ]]; then
		echo
		echo "| JMH benchmark (average time) | score | error |"
		echo "| --- | ---: | ---: |"
		echo "$JMH_TABLE"
	fi
	if [[ ${#ODDITIES[@]} -gt 0 ]]; then
		echo
		echo "Oddities:"
		for o in "${ODDITIES[@]}"; do echo "- $o"; done
	fi
	echo
	echo "$(java -version 2>&1 | head -1); $("$NGINX" -v 2>&1); $(redis-server --version | cut -d' ' -f1-3); total ${SECONDS}s"
} >"$REPORT"
cat "$REPORT"
log "Written to $REPORT"

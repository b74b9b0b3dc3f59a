#!/usr/bin/env bash
# What the API key + usage plan path, the Cognito JWT path and the IAM SigV4 path cost per request against the
# plain HTTP_PROXY path of the same gateway, measured as CPU time and bytes allocated per request rather than requests/s (those survive a
# machine shared with other work; requests/s do not).
#
# One Tollgate on a real redis-server serves three HTTP_PROXY methods to the same nginx:
#   plain    GET /prod/plain/pets   no authorization
#   keyed    GET /prod/keyed/pets   apiKeyRequired, x-api-key of a usage plan (throttle and DAY quota never refusing)
#   iam      GET /prod/iam/pets     AWS_IAM, headers signed by the AWS SDK's signer (BenchFixtures sign)
#   cognito  GET /prod/cognito/pets COGNITO_USER_POOLS, an RS256 ID token signed with Nimbus whose pool's JWKS
#                                   BenchFixtures serves (tollgate.cognito.endpoint); the same token every request,
#                                   as a client sends it until it expires
# Runs are interleaved (plain, keyed, iam, plain, ...). For each run: Tollgate's process CPU (utime + stime from
# /proc) and the heap it allocated (jvm.gc.memory.allocated, a full GC before and after the run so that the counter
# is exact) divided by the requests wrk completed; also Redis's and nginx's CPU per request.
#
# PROFILE=cpu,alloc (async-profiler events, one per round in turn) also records each counted run's stacks in
# collapsed form under bench/results/auth-profile/ (tools.profiler:async-profiler from ~/.m2, or
# ASYNC_PROFILER=path/to/libasyncProfiler.so); the per-request figures of profiled runs include the profiler.
#
# Writes bench/results/auth-<date>.md and prints it. Knobs: bench/lib.sh's, plus WARMUP_ROUNDS (6), ROUNDS (3),
# AUTH_METHODS ("plain keyed iam"; also cognito: which methods, plain first).
set -euo pipefail

BENCH_TEST_CLASSES=1
# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
WARMUP_ROUNDS="${WARMUP_ROUNDS:-6}"
ROUNDS="${ROUNDS:-3}"
PROFILE="${PROFILE:-}"

command -v redis-server >/dev/null || apt_install redis-server
command -v redis-cli >/dev/null || apt_install redis-tools
command -v jcmd >/dev/null || die "jcmd (a JDK) is required"
CLASSPATH_FILE="$TOLLGATE_BUILD_DIR/test-classpath.txt"
[[ -f $CLASSPATH_FILE ]] || die "$CLASSPATH_FILE is missing (run without SKIP_BUILD=1)"
TEST_CP="$TOLLGATE_BUILD_DIR/test-classes:$TOLLGATE_BUILD_DIR/classes:$(cat "$CLASSPATH_FILE")"

AGENT=""
if [[ -n $PROFILE ]]; then
	AGENT="${ASYNC_PROFILER:-}"
	if [[ -z $AGENT ]]; then
		jar="$(ls "$HOME"/.m2/repository/tools/profiler/async-profiler/*/async-profiler-*-linux-x64.jar 2>/dev/null | tail -1)"
		[[ -n $jar ]] || die "PROFILE needs tools.profiler:async-profiler in ~/.m2 or ASYNC_PROFILER"
		mkdir -p "$WORK/async-profiler"
		(cd "$WORK/async-profiler" && unzip -q -o "$jar" 'linux-x64/*')
		AGENT="$WORK/async-profiler/linux-x64/libasyncProfiler.so"
	fi
	[[ -f $AGENT ]] || die "no async-profiler library at $AGENT"
fi

ADMIN_KEY=AKIDBENCHAUTHADMIN01
ADMIN_SECRET=bench-auth-admin-secret
IAM_KEY=AKIDBENCHAUTHCALLER1
IAM_SECRET=bench-auth-caller-secret
API_KEY_VALUE=BenchAuthKey0123456789abcdefGHIJ

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
	>"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" ping >/dev/null || die "redis-server did not start (log: $WORK/redis.log)"
FIXTURES_PORT="$(free_port)"
mkdir -p "$WORK/fixtures"
java -cp "$TEST_CP" io.tollgate.bench.BenchFixtures serve "$FIXTURES_PORT" "$WORK/fixtures" >"$WORK/fixtures.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [[ -s $WORK/fixtures/id-token ]] && break; sleep 0.2; done
[[ -s $WORK/fixtures/id-token ]] || { cat "$WORK/fixtures.log" >&2; die "the fixtures did not start"; }
ID_TOKEN="$(cat "$WORK/fixtures/id-token")"
POOL_ARN=arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_bench
NGINX_PID="${PIDS[0]}"
read -r -a NGINX_PIDS <<<"$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr '\n' ' ')"

mkdir -p "$WORK/definitions"
INTEGRATION="methodIntegration: {type: HTTP_PROXY, httpMethod: GET, uri: \"http://127.0.0.1:$NGINX_PORT/pets\"}"
cat >"$WORK/definitions/bench.yaml" <<EOF
restApi: {id: bench, name: Bench}
resources:
  /plain/pets:
    GET:
      $INTEGRATION
  /keyed/pets:
    GET:
      apiKeyRequired: true
      $INTEGRATION
  /iam/pets:
    GET:
      authorizationType: AWS_IAM
      $INTEGRATION
  /cognito/pets:
    GET:
      $INTEGRATION
stages:
  prod: {}
EOF

# Instance "candidate" runs TOLLGATE_JAR; with BASELINE_JAR set, instance "baseline" runs that jar beside it (its own
# ports and Redis key prefix) and every round measures both, one after the other.
INSTANCES=(candidate)
declare -A JAR=([candidate]="$TOLLGATE_JAR") PORT ADMIN_PORT MANAGEMENT_PORT TG_PID SIGNED_FOR
if [[ -n ${BASELINE_JAR:-} ]]; then
	[[ -f $BASELINE_JAR ]] || die "BASELINE_JAR $BASELINE_JAR is missing"
	INSTANCES=(baseline candidate)
	JAR[baseline]="$BASELINE_JAR"
fi
for t in "${INSTANCES[@]}"; do
	PORT[$t]="$(free_port)"; ADMIN_PORT[$t]="$(free_port)"; MANAGEMENT_PORT[$t]="$(free_port)"
	log "Starting Tollgate $t on 127.0.0.1:${PORT[$t]} (admin ${ADMIN_PORT[$t]}, management ${MANAGEMENT_PORT[$t]}) with Redis on $REDIS_PORT"
	# The gateway-wide throttle (10,000 rps by default) is raised so that it never refuses, and the limiter's Redis
	# timeout (500 ms) so that a machine busy with other work slows requests down rather than failing them. With a
	# profiler, frames between safepoints are kept (async-profiler attaches itself later, through jcmd).
	env -u SERVER_PORT -u TOLLGATE_REDIS_URL java "${JAVA_OPTS[@]+"${JAVA_OPTS[@]}"}" \
		${AGENT:+-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints} \
		-jar "${JAR[$t]}" \
		--server.port="${PORT[$t]}" --server.address=127.0.0.1 --management.server.port="${MANAGEMENT_PORT[$t]}" \
		--management.server.address=127.0.0.1 --management.endpoints.web.exposure.include=health,metrics \
		--tollgate.admin.port="${ADMIN_PORT[$t]}" \
		--tollgate.admin.access-key-id="$ADMIN_KEY" --tollgate.admin.secret-access-key="$ADMIN_SECRET" \
		--tollgate.redis.url="redis://127.0.0.1:$REDIS_PORT" --tollgate.redis.key-prefix="$t:" \
		--tollgate.definitions-dir="$WORK/definitions" \
		--tollgate.default-api=bench --tollgate.usage.default-rate-limit=1000000000 \
		--tollgate.cognito.endpoint="http://127.0.0.1:$FIXTURES_PORT" \
		--tollgate.usage.default-burst-limit=2000000000 --tollgate.usage.redis-timeout=10s \
		--tollgate.iam.identities[0].access-key-id="$IAM_KEY" \
		--tollgate.iam.identities[0].secret-access-key="$IAM_SECRET" \
		--tollgate.iam.identities[0].arn="arn:aws:iam::000000000000:user/bench" \
		--tollgate.iam.identities[0].policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:*","Resource":"*"}]}' \
		>"$WORK/tollgate-$t.log" 2>&1 &
	TG_PID[$t]=$!
	PIDS+=("${TG_PID[$t]}")
done
for t in "${INSTANCES[@]}"; do
	deadline=$((SECONDS + READY_TIMEOUT))
	until [[ "$(curl -s --max-time 5 "http://127.0.0.1:${PORT[$t]}/prod/plain/pets" || true)" == "$BODY" ]]; do
		kill -0 "${TG_PID[$t]}" 2>/dev/null || { tail -40 "$WORK/tollgate-$t.log" >&2; die "Tollgate $t exited"; }
		((SECONDS < deadline)) || die "Tollgate $t did not answer within ${READY_TIMEOUT}s"
		sleep 0.5
	done
done

admin() { # instance, method, path, body: the management API, SigV4-signed as the AWS CLI signs it
	curl -s --fail-with-body --max-time 10 -X "$2" "http://127.0.0.1:${ADMIN_PORT[$1]}$3" \
		--aws-sigv4 "aws:amz:us-east-1:apigateway" --user "$ADMIN_KEY:$ADMIN_SECRET" \
		-H 'Content-Type: application/json' ${4:+--data "$4"}
}
json_id() { sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p'; }
for t in "${INSTANCES[@]}"; do
	KEY_ID="$(admin "$t" POST /apikeys "{\"name\":\"bench\",\"enabled\":true,\"value\":\"$API_KEY_VALUE\"}" | json_id)" \
		|| die "CreateApiKey failed"
	PLAN_ID="$(admin "$t" POST /usageplans "{\"name\":\"bench\",\"apiStages\":[{\"apiId\":\"bench\",\"stage\":\"prod\"}],\
\"throttle\":{\"rateLimit\":1000000000,\"burstLimit\":2000000000},\"quota\":{\"limit\":2000000000,\"offset\":0,\"period\":\"DAY\"}}" \
		| json_id)" || die "CreateUsagePlan failed"
	[[ -n $KEY_ID && -n $PLAN_ID ]] || die "could not create the API key and usage plan"
	admin "$t" POST "/usageplans/$PLAN_ID/keys" "{\"keyId\":\"$KEY_ID\",\"keyType\":\"API_KEY\"}" >/dev/null \
		|| die "CreateUsagePlanKey failed"
	# Definition files declare no authorizers: the Cognito one is created here, put on its method and deployed.
	AUTHORIZER_ID="$(admin "$t" POST /restapis/bench/authorizers "{\"name\":\"pool\",\"type\":\"COGNITO_USER_POOLS\",\
\"providerARNs\":[\"$POOL_ARN\"],\"identitySource\":\"method.request.header.Authorization\"}" | json_id)" \
		|| die "CreateAuthorizer failed"
	RESOURCE_ID="$(admin "$t" GET /restapis/bench/resources | tr '{' '\n' | grep '"path" *: *"/cognito/pets"' | json_id)"
	[[ -n $AUTHORIZER_ID && -n $RESOURCE_ID ]] || die "could not create the Cognito authorizer"
	admin "$t" PATCH "/restapis/bench/resources/$RESOURCE_ID/methods/GET" "{\"patchOperations\":[\
{\"op\":\"replace\",\"path\":\"/authorizationType\",\"value\":\"COGNITO_USER_POOLS\"},\
{\"op\":\"replace\",\"path\":\"/authorizerId\",\"value\":\"$AUTHORIZER_ID\"}]}" >/dev/null \
		|| die "UpdateMethod failed"
	admin "$t" POST /restapis/bench/deployments '{"stageName":"prod"}' >/dev/null || die "CreateDeployment failed"
done

# The signature is good for 5 minutes of clock skew: signed again before every round.
sign() {
	local t line
	for t in "${INSTANCES[@]}"; do
		SIGNED_FOR[$t]=""
		while IFS= read -r line; do SIGNED_FOR[$t]+="$line"$'\n'; done < <(java -cp "$TEST_CP" \
			io.tollgate.bench.BenchFixtures sign "http://127.0.0.1:${PORT[$t]}/prod/iam/pets" "$IAM_KEY" "$IAM_SECRET")
		[[ -n ${SIGNED_FOR[$t]} ]] || die "BenchFixtures sign printed no headers"
	done
}
headers_of() { # instance, method
	HEADERS=()
	case $2 in
		keyed) HEADERS=(-H "x-api-key: $API_KEY_VALUE") ;;
		cognito) HEADERS=(-H "Authorization: $ID_TOKEN") ;;
		iam)
			local line
			while IFS= read -r line; do
				if [[ -n $line ]]; then HEADERS+=(-H "$line"); fi
			done <<<"${SIGNED_FOR[$1]}"
			;;
	esac
}
read -r -a METHODS <<<"${AUTH_METHODS:-plain keyed iam}"
sign
for t in "${INSTANCES[@]}"; do
	for m in "${METHODS[@]}"; do
		headers_of "$t" "$m"
		url="http://127.0.0.1:${PORT[$t]}/prod/$m/pets"
		deadline=$((SECONDS + 30))
		until [[ "$(curl -s --max-time 5 "${HEADERS[@]+"${HEADERS[@]}"}" "$url" || true)" == "$BODY" ]]; do
			((SECONDS < deadline)) || die "$t $m did not answer: $(curl -s "${HEADERS[@]+"${HEADERS[@]}"}" "$url")"
			sleep 0.2
		done
	done
	[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$t]}/prod/keyed/pets")" == 403 ]] \
		|| die "keyed answered without a key"
	[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$t]}/prod/iam/pets")" == 403 ]] \
		|| die "iam answered without a signature"
	[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[$t]}/prod/cognito/pets")" == 401 ]] \
		|| die "cognito answered without a token"
done

# ------------------------------------------------------------------------------------------------- measuring
ticks_of() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
ticks_sum() { local t=0 p; for p in "$@"; do t=$((t + $(ticks_of "$p"))); done; echo "$t"; }
HZ="$(getconf CLK_TCK)"
allocated() { # instance
	curl -s --max-time 10 "http://127.0.0.1:${MANAGEMENT_PORT[$1]}/actuator/metrics/jvm.gc.memory.allocated" \
		| grep -o '"statistic" *: *"COUNT" *, *"value" *: *[0-9.Ee+-]*' | sed 's/.*: *//' | awk '{ printf "%.0f", $1 }'
}
scripts_run() { # EVALSHA and EVAL calls Redis has answered (a keyed request's scripts: coalesced requests share one)
	redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' \
		| awk -F'[=,]' '/^cmdstat_eval(sha)?:/ { n += $2 } END { print n + 0 }'
}
full_gc() { jcmd "${TG_PID[$1]}" GC.run >/dev/null 2>&1; sleep 0.3; }
profiler() { # instance, async-profiler command through the attach mechanism
	# Quoted: jcmd would take the options' '=' for one of its own arguments.
	jcmd "${TG_PID[$1]}" JVMTI.agent_load "$AGENT" "\"$2\"" >>"$WORK/profiler.log" 2>&1 || die "async-profiler: $2"
	tail -1 "$WORK/profiler.log" | grep -q 'return code: 0' || { cat "$WORK/profiler.log" >&2; die "async-profiler: $2"; }
}
run_wrk() { # instance, method, duration, output
	headers_of "$1" "$2"
	wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$3" --latency "${HEADERS[@]+"${HEADERS[@]}"}" \
		"http://127.0.0.1:${PORT[$1]}/prod/$2/pets" >"$4" 2>&1 || { cat "$4" >&2; die "wrk failed against $1 $2"; }
	check_wrk "$1 $2" "$4"
}

for i in $(seq 1 "$WARMUP_ROUNDS"); do
	sign
	line="warm-up $i:"
	for t in "${INSTANCES[@]}"; do
		for m in "${METHODS[@]}"; do
			run_wrk "$t" "$m" "$WRK_WARMUP" "$WORK/warmup-$t-$m-$i.txt"
			line+=" $t $m $(awk '/^Requests\/sec:/ { print $2 }' "$WORK/warmup-$t-$m-$i.txt")"
		done
	done
	log "$line req/s"
done

read -r -a EVENTS <<<"${PROFILE//,/ }"
declare -A RPS CPU ALLOC REDIS SCRIPTS NGINX
for i in $(seq 1 "$ROUNDS"); do
	sign
	line="round $i:"
	for t in "${INSTANCES[@]}"; do
		for m in "${METHODS[@]}"; do
			k="$t $m"
			full_gc "$t"
			a0="$(allocated "$t")"; t0="$(ticks_of "${TG_PID[$t]}")"; r0="$(ticks_of "$REDIS_PID")"
			n0="$(ticks_sum "${NGINX_PIDS[@]}")"; s0="$(scripts_run)"
			if [[ -n $PROFILE ]]; then
				event="${EVENTS[$(((i - 1) % ${#EVENTS[@]}))]}"
				case $event in
					# CPU sampled every millisecond of CPU time; allocations every 64 KiB, counted in bytes.
					cpu) profiler "$t" "start,event=cpu,interval=1000000"; output=collapsed ;;
					alloc) profiler "$t" "start,alloc=64k"; output=collapsed,total ;;
					*) profiler "$t" "start,event=$event"; output=collapsed ;;
				esac
			fi
			run_wrk "$t" "$m" "$WRK_DURATION" "$WORK/$t-$m-$i.txt"
			[[ -n $PROFILE ]] && profiler "$t" "stop,file=$WORK/profile-$t-$event-$m-$i.collapsed,$output"
			t1="$(ticks_of "${TG_PID[$t]}")"; r1="$(ticks_of "$REDIS_PID")"; n1="$(ticks_sum "${NGINX_PIDS[@]}")"
			s1="$(scripts_run)"
			full_gc "$t"
			a1="$(allocated "$t")"
			requests="$(awk '/requests in/ { print $1 }' "$WORK/$t-$m-$i.txt")"
			RPS[$k]+="$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/$t-$m-$i.txt") "
			CPU[$k]+="$(awk -v t=$((t1 - t0)) -v n="$requests" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') "
			ALLOC[$k]+="$(awk -v a="$((a1 - a0))" -v n="$requests" 'BEGIN { printf "%.0f", a / n }') "
			REDIS[$k]+="$(awk -v t=$((r1 - r0)) -v n="$requests" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') "
			SCRIPTS[$k]+="$(awk -v s=$((s1 - s0)) -v n="$requests" 'BEGIN { printf "%.2f", s / n }') "
			NGINX[$k]+="$(awk -v t=$((n1 - n0)) -v n="$requests" -v hz="$HZ" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') "
			read -r -a c <<<"${CPU[$k]}"; read -r -a b <<<"${ALLOC[$k]}"
			line+=" $k ${c[-1]} us ${b[-1]} B;"
		done
	done
	log "$line"
done

med() { read -r -a v <<<"$1"; median "${v[@]}"; }
mkdir -p "$RESULTS_DIR"
REPORT="$RESULTS_DIR/auth-$(date +%Y-%m-%d-%H%M%S).md"
{
	echo "# Auth paths per request, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "Tollgate with Redis; the same nginx behind every method; wrk -t$WRK_THREADS -c$WRK_CONNECTIONS" \
		"-d$WRK_DURATION, $WARMUP_ROUNDS warm-up rounds of $WRK_WARMUP each, $ROUNDS rounds interleaved; medians;" \
		"load average $(cut -d' ' -f1-3 /proc/loadavg)${PROFILE:+; async-profiler $PROFILE attached}." \
		"Instances: $(for t in "${INSTANCES[@]}"; do printf '%s %s; ' "$t" "${JAR[$t]}"; done)"
	echo
	echo "| instance | method | Tollgate CPU µs/request | vs plain | bytes allocated/request | vs plain | Redis CPU µs/request | Redis scripts/request | nginx CPU µs/request | requests/s | runs (µs) |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for t in "${INSTANCES[@]}"; do
		for m in "${METHODS[@]}"; do
			k="$t $m"
			printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s|\n' "$t" "$m" "$(med "${CPU[$k]}")" \
				"$(awk -v a="$(med "${CPU[$k]}")" -v b="$(med "${CPU[$t plain]}")" 'BEGIN { printf "%.2fx", a / b }')" \
				"$(med "${ALLOC[$k]}")" \
				"$(awk -v a="$(med "${ALLOC[$k]}")" -v b="$(med "${ALLOC[$t plain]}")" 'BEGIN { printf "%.2fx", a / b }')" \
				"$(med "${REDIS[$k]}")" "$(med "${SCRIPTS[$k]}")" "$(med "${NGINX[$k]}")" "$(med "${RPS[$k]}")" "${CPU[$k]}"
		done
	done
	if [[ ${#ODDITIES[@]} -gt 0 ]]; then
		echo
		for o in "${ODDITIES[@]}"; do echo "- $o"; done
	fi
} >"$REPORT"
if [[ -n $PROFILE ]]; then
	mkdir -p "$RESULTS_DIR/auth-profile"
	cp "$WORK"/profile-*.collapsed "$RESULTS_DIR/auth-profile/"
	log "Collapsed stacks in $RESULTS_DIR/auth-profile/"
fi
cat "$REPORT"
log "Written to $REPORT"

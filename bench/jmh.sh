#!/usr/bin/env bash
# JMH micro-benchmarks of Tollgate's hot spots (src/test/java/io/tollgate/bench/jmh): route lookup, SigV4
# verification, IAM policy evaluation, VTL rendering. Compiled by `./mvnw verify` with the tests, never run by it.
# Arguments go to JMH (default: a short run of every benchmark), e.g. bench/jmh.sh -f 1 -i 5 RouteLookup
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/target-bench"
"$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests -Dtollgate.build.dir="$BUILD" test-compile \
	dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/test-classpath.txt" >&2
[[ $# -gt 0 ]] || set -- -f 1 -wi 3 -w 1s -i 3 -r 1s 'io.tollgate.bench.jmh.*'
exec java -cp "$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/test-classpath.txt")" org.openjdk.jmh.Main "$@"

#!/usr/bin/env bash
# Benchmark: first migrate, unchanged re-run and the sink's ceiling for N orders (default 100000).
# The Mongo wire server runs in its own JVM; the migration runs with -Xmx256m (heap given as $HEAP).
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS="${1:-100000}"
HEAP="${HEAP:-256m}"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dspotless.check.skip=true
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -Xmx12g -cp "$CP" dev.ferry.bench.BenchMongoServer > target/bench-mongo.txt 2> target/bench-mongo.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s target/bench-mongo.txt ] && break; sleep 0.2; done
MONGO="$(head -1 target/bench-mongo.txt)"
java -Xmx"$HEAP" -cp "$CP" dev.ferry.bench.MigrationBenchmark "$ORDERS" "$MONGO"

#!/usr/bin/env bash
# Benchmark: first migrate, unchanged re-run and the sink's ceiling for N orders (default 100000).
# The migration runs with -Xmx256m (heap given as $HEAP). The target is the Mongo wire server
# (mongo-java-server, memory backend) in its own JVM, warmed up before anything is measured (a real
# mongod has nothing to compile), or the server named by MONGO_URI:
#   MONGO_URI='mongodb://user:pw@db:27017/?authSource=admin' scripts/benchmark.sh 100000
# (it gets a new database, bench_<N>_<time>, dropped at the end). The output names the server.
# `scripts/benchmark.sh N spark` adds the Spark row: the same N orders by the single-node engine and
# by the Spark job in local[2] (SPARK_MASTER, SPARK_PARTITIONS override), against the same server.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS="${1:-100000}"
HEAP="${HEAP:-256m}"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dspotless.check.skip=true
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
if [ -z "${MONGO_URI:-}" ]; then
  java -Xmx12g -cp "$CP" dev.ferry.bench.BenchMongoServer > target/bench-mongo.txt 2> target/bench-mongo.log &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do [ -s target/bench-mongo.txt ] && break; sleep 0.2; done
  MONGO_URI="$(head -1 target/bench-mongo.txt)"
fi
# Through the environment, so that a password in the URI never shows in the process list.
MONGO_URI="$MONGO_URI" java -Xmx"$HEAP" -cp "$CP" dev.ferry.bench.MigrationBenchmark "$ORDERS"
if [ "${2:-}" = "spark" ]; then
  mvn -B -q -Pspark test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/spark-bench-classpath.txt -Dspotless.check.skip=true
  java -Xmx2g -XX:+IgnoreUnrecognizedVMOptions \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat target/spark-bench-classpath.txt)" \
    dev.ferry.spark.SparkBenchmark "$ORDERS" "$MONGO_URI" "${SPARK_MASTER:-local[2]}" "${SPARK_PARTITIONS:-8}"
fi

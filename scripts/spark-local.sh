#!/usr/bin/env bash
# Runs the Spark job (dev.ferry.spark.SparkMigrate) in Spark's local mode on a machine without a
# Spark installation: Spark comes from Maven's repository, Ferry from target/ferry-spark.jar.
# Takes the same options as `ferry migrate` (--job, connection and SSH options, --json, ...) plus
#   --partitions N   how many parts (uid ranges) to cut the orders into (default 8)
#   --master URL     the Spark master (default local[2])
# and ends with the same summary (with --json, the same last line) as `ferry migrate`.
# Secrets as for migrate: from environment variables (PGPASSWORD, --pg-password-env, --mongo-uri-env).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/ferry-spark.jar ] || [ ! -f target/spark-classpath.txt ]; then
  mvn -B -q -Pspark -DskipTests package >&2
  mvn -B -q -Pspark dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/spark-classpath.txt >&2
fi
master=()
case " $* " in *" --master "*|*" --master="*) ;; *) master=(--master "local[2]") ;; esac
exec java ${JAVA_OPTS:-} -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "target/ferry-spark.jar:$(cat target/spark-classpath.txt)" \
  dev.ferry.spark.SparkMigrate "${master[@]}" "$@"

#!/usr/bin/env bash
# Runs the JMH benchmarks with a JDK >= 21 (builds them first if needed).
#   releng/bench.sh                 all benchmarks, JMH defaults
#   releng/bench.sh -f 1 -wi 2 -i 3 a quicker run; any JMH option works
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/releng/find-jdk.sh"
jar="$top/releng/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$top" && ./mvnw -B -q -DskipTests package -pl releng/benchmarks -am)
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"

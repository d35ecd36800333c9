#!/usr/bin/env bash
# Runs the JMH benchmarks with a JDK >= 21 (builds them first if needed).
#   releng/bench.sh                 all benchmarks, JMH defaults
#   releng/bench.sh -f 1 -wi 2 -i 3 a quicker run; any JMH option works
set -euo pipefail
. "$(dirname "$0")/benchmarks-jar.sh"
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"

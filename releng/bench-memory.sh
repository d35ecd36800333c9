#!/usr/bin/env bash
# The engine's memory on a simulated array of about a million tree blocks, in a 256 MB heap
# (issue 9). Builds the benchmarks if needed; exit 1 if a run failed.
#   releng/bench-memory.sh [FANOUT]     blocks = 1 + FANOUT + FANOUT^2 (default 1000: 1 001 001)
set -euo pipefail
. "$(dirname "$0")/benchmarks-jar.sh"
fanout=${1:-1000}
for coalesce in 0 1048576; do
  "$JAVA_HOME/bin/java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$jar" btrfs.workbench.benchmarks.MemoryBoundMain "$fanout" "$coalesce"
  echo
done

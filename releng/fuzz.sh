#!/usr/bin/env bash
# Longer fuzzing runs than the build's few seconds per target (plain Maven module releng/fuzz).
#   releng/fuzz.sh                      every target, 10 minutes each
#   releng/fuzz.sh TreeBlock 1h         one target (Superblock, Chunk, TreeBlock, ReadaheadHook)
#   releng/fuzz.sh all 30m              every target, 30 minutes each
# Each target fuzzes in a JVM of its own; the corpus grows in releng/fuzz/target/.cifuzz-corpus
# (kept between runs until `mvn clean`), a finding stops the run and leaves its input as
# releng/fuzz/target/crash-<sha1>. Make every finding a regression test: fix the bug, add a unit
# test in the bundle's test fragment, and copy the input to
# releng/fuzz/src/test/resources/btrfs/workbench/<package>/<Target>FuzzTestInputs/fuzz/ (replayed
# by every build).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-all}
duration=${2:-10m}
tests='**/*FuzzTest.java'
if [ "$target" != all ]; then
  tests="**/${target}FuzzTest.java"
fi
cd "$top"
# no fork timeout: the run is as long as asked
exec ./mvnw -B verify -pl releng/fuzz -am -Dfuzz.tests="$tests" -Dfuzz.duration="$duration" -Dfuzz.forkTimeout=0

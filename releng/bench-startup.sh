#!/usr/bin/env bash
# How fast the headless CLI starts (issue 19): the median wall-clock time of --version, --help,
# super and scan --json on a committed test array, each run N times after one warm-up run (which
# may build caches: the unpacked image, the class-data archive). Not a test: a measurement.
#
#   releng/bench-startup.sh [--runs N] [PRODUCT_DIR]
#
# PRODUCT_DIR is an unpacked product (default: this checkout's build, made by ./btrfs-workbench).
# Prints a markdown table: command, median, min and max in seconds.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=10
if [ "${1:-}" = --runs ]; then
  runs=$2
  shift 2
fi
product=${1:-$top/product/target/products/btrfs.workbench/linux/gtk/x86_64/btrfs-workbench}
start="$product/btrfs-workbench"
[ -x "$start" ] || { echo "bench-startup: no product at $product (build it: ./btrfs-workbench --version)" >&2; exit 2; }
array="$top/testdata/arrays/single-crc32c-16k"
image="$array/dev1.img.zst"

# seconds COMMAND...: one run's wall-clock time; its output is dropped, a failure stops the script
seconds() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "bench-startup: failed: $*" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

# row LABEL ARGS...: warm-up, then RUNS timed runs; prints the table row
row() {
  local label=$1 ms=()
  shift
  seconds "$start" "$@" >/dev/null
  for _ in $(seq "$runs"); do ms+=("$(seconds "$start" "$@")"); done
  printf '%s\n' "${ms[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { v[NR] = $1 }
    END {
      med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "| `%s` | %.3f | %.3f | %.3f |\n", label, med / 1000, v[1] / 1000, v[n] / 1000
    }'
}

echo "| command | median s | min s | max s |"
echo "|---|---:|---:|---:|"
row "--version" --version
row "--help" --help
row "super IMAGE" super "$image"
row "scan --json DIR" scan --json "$array"

#!/usr/bin/env bash
# The cold-cache benchmark of issue 9: this engine's readahead against the devices' sequential
# limit, the naive depth-first walk, O_DIRECT, and btrfs-progs (dump-tree, check) on large
# kernel-written arrays. The same as `./btrfs-workbench bench` (the jar of releng/coldcache, built
# first if needed; not part of the product), run from the checkout's top so that the results land in
# its target/bench.
#
#   sudo releng/bench-coldcache.sh               full run: a 4-device RAID1 with over 1 GiB of
#                                                metadata in >= 8 block groups, a RAID10, a DUP, and
#                                                two smaller RAID1s for the scaling series
#   sudo releng/bench-coldcache.sh --quick       the same shapes, small: under 5 minutes in all
#
# Options: --out DIR (default target/bench: bench.json, bench.md, bench.png), --work DIR (where the
# arrays are built and cached, default /var/tmp/btrfs-workbench-bench or $BTRFS_WORKBENCH_BENCH_WORK;
# the full arrays take about 15 GB of sparse images), --runs N (cold runs per method, default 3).
#
# Needs root, free loop devices and btrfs-progs; says so and exits 2 otherwise. The first full run
# builds the arrays (several minutes); later runs reuse them until their spec version changes.
# Every measurement starts with `sync; echo 3 > /proc/sys/vm/drop_caches`, so the machine's page
# cache is dropped many times: run it on a quiet machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
exec ./btrfs-workbench bench "$@"

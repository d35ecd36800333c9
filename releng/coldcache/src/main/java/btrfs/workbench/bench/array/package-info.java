/**
 * The benchmark's arrays: written by the kernel (mkfs.btrfs, loop devices, mount, many small
 * files from testdata/populate.py, snapshots and churn), cached under the work directory keyed by their spec and
 * {@link btrfs.workbench.bench.array.ArraySpec#VERSION}, and attached read-only for measuring.
 */
package btrfs.workbench.bench.array;

/**
 * What the benchmark needs of the machine: root, loop devices, btrfs-progs, and the page cache
 * dropped before every measurement. Everything goes through {@link btrfs.workbench.bench.system.Host}
 * so that tests can pretend to be another machine.
 */
package btrfs.workbench.bench.system;

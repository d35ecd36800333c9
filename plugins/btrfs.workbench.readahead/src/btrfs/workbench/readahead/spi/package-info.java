/**
 * The small service-provider interface the readahead engine runs against: a
 * {@link btrfs.workbench.readahead.spi.ReadaheadTarget} (devices, mirrors, block groups,
 * asynchronous tree-block reads) and the immutable values it exchanges. Implemented over the
 * metadata library for real disks and by an in-memory simulated array in the tests.
 */
package btrfs.workbench.readahead.spi;

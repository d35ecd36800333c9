package btrfs.workbench.readahead;

import java.util.List;

import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * One read (I/O) on a device, as reada_start_machine_dev submits it: one extent, or with
 * {@link Coalescing} several back to back. Guarded by the engine lock.
 */
final class Submission {
    final List<Extent> extents;
    final List<StripeCopy> copies;
    final Dev dev;
    /** Its blocks not yet completed: the read leaves the device's in-flight count with the last. */
    int pending;

    Submission(List<Extent> extents, List<StripeCopy> copies, Dev dev) {
        this.extents = extents;
        this.copies = copies;
        this.dev = dev;
        this.pending = extents.size();
    }
}

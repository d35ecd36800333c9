package btrfs.workbench.bench.array;

import btrfs.workbench.testsupport.Loops;

/**
 * How the loop devices read their image files. With direct I/O a loop device behaves like a disk
 * (the image's page cache never answers for it); buffered, the kernel's readahead on the image
 * file works under the device as well — the other way loop devices are commonly set up, so the
 * benchmark measures both.
 */
public enum LoopMode {
    DIRECT(Loops.Access.READ_ONLY_DIRECT, "direct I/O", ""),
    BUFFERED(Loops.Access.READ_ONLY, "buffered", "/buffered");

    private final Loops.Access access;
    private final String label;
    private final String suffix;

    LoopMode(Loops.Access access, String label, String suffix) {
        this.access = access;
        this.label = label;
        this.suffix = suffix;
    }

    Loops.Access access() {
        return access;
    }

    /** "direct I/O" or "buffered", for the table. */
    public String label() {
        return label;
    }

    /** What the array's name gets in the results: nothing for direct I/O, "/buffered". */
    public String suffix() {
        return suffix;
    }
}

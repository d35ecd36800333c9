package btrfs.workbench.bench.system;

/** What the benchmark asks of the machine before it starts; an interface so tests can play another machine. */
public interface Host {

    /** Loop devices, mkfs on them, mount and drop_caches all need uid 0. */
    boolean isRoot();

    /** {@code name} is an executable on the PATH. */
    boolean hasTool(String name);

    /** The kernel can mount btrfs (the arrays are written by the kernel, not by us). */
    boolean hasBtrfs();

    /** {@code losetup --find} finds a free loop device (none inside an unprivileged container). */
    boolean hasFreeLoopDevice();

    /** {@code /proc/sys/vm/drop_caches} can be written: every measurement starts cold. */
    boolean canDropCaches();
}

package btrfs.workbench.readahead;

/** struct reada_zone: one block group on one device. Guarded by the engine lock. */
final class Zone {
    final long start;
    /** Inclusive, as in the kernel. */
    final long end;
    /** Extents queued in this zone (a DUP extent counts twice: one per copy, as the kernel). */
    long elems;
    /** A peer device reads the mirrored zone now: prefer other zones. */
    boolean locked;
    final Dev device;
    /** All devices of the block's stripes, this one included (kernel devs[]): the peers. */
    final long[] devs;
    boolean freed;

    Zone(long start, long end, Dev device, long[] devs) {
        this.start = start;
        this.end = end;
        this.device = device;
        this.devs = devs;
    }

    boolean covers(long logical) {
        return Long.compareUnsigned(logical, start) >= 0 && Long.compareUnsigned(logical, end) <= 0;
    }
}

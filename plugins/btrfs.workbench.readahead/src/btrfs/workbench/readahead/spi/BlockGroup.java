package btrfs.workbench.readahead.spi;

/**
 * The block group (chunk) holding a logical address, in logical addresses. The engine makes one
 * zone per block group per device, {@code [start, end()]} (the kernel's inclusive end).
 *
 * @param start      logical start
 * @param length     length in bytes, &gt; 0
 * @param stripeUnit for a profile that stripes (RAID0, RAID10, RAID5/6): the bytes of one stripe
 *                   unit (64 KiB), after which the next lies on another device; 0 otherwise
 */
public record BlockGroup(long start, long length, long stripeUnit) {

    public BlockGroup {
        if (length <= 0) {
            throw new IllegalArgumentException("block group length " + length);
        }
        if (stripeUnit < 0) {
            throw new IllegalArgumentException("stripe unit " + stripeUnit);
        }
    }

    /** A block group whose profile does not stripe (single, DUP, RAID1*). */
    public BlockGroup(long start, long length) {
        this(start, length, 0);
    }

    /** The last byte, inclusive: {@code start + length - 1}. */
    public long end() {
        return start + length - 1;
    }

    /** Whether {@code [logical, logical + size)} lies inside this block group (unsigned). */
    public boolean contains(long logical, long size) {
        return Long.compareUnsigned(logical, start) >= 0
                && Long.compareUnsigned(logical + size - 1, end()) <= 0
                && Long.compareUnsigned(logical + size - 1, logical) >= 0;
    }

    /**
     * The bytes from {@code logical} that lie on one device in a row: up to the next stripe unit
     * boundary, or the block group's end — what btrfs_map_block returns as {@code length}.
     */
    public long contiguousFrom(long logical) {
        long toEnd = end() - logical + 1;
        if (stripeUnit == 0) {
            return toEnd;
        }
        long toBoundary = stripeUnit - Long.remainderUnsigned(logical - start, stripeUnit);
        return Math.min(toEnd, toBoundary);
    }
}

package btrfs.workbench.readahead.spi;

/**
 * The block group (chunk) holding a logical address, in logical addresses. The engine makes one
 * zone per block group per device, {@code [start, end()]} (the kernel's inclusive end).
 *
 * @param start  logical start
 * @param length length in bytes, &gt; 0
 */
public record BlockGroup(long start, long length) {

    public BlockGroup {
        if (length <= 0) {
            throw new IllegalArgumentException("block group length " + length);
        }
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
}

package btrfs.workbench.readahead.heatmap;

/**
 * A byte range on one device, e.g. the stripe of a chunk there (one DEV_EXTENT).
 *
 * @param start  first byte on the device
 * @param length bytes, &gt; 0
 */
public record PhysicalRange(long start, long length) {

    public PhysicalRange {
        if (start < 0 || length <= 0 || start + length < start) {
            throw new IllegalArgumentException("physical range " + start + "+" + length);
        }
    }

    /** The first byte after the range. */
    public long end() {
        return start + length;
    }

    public boolean contains(long physical) {
        return physical >= start && physical < end();
    }

    /** Whether the range shares a byte with {@code [from, to)}. */
    public boolean overlaps(long from, long to) {
        return start < to && from < end();
    }
}

package btrfs.workbench.metadata.fs;

/**
 * Logical bytes {@code [start, end)}.
 *
 * @param start first byte
 * @param end   first byte after the range
 */
public record ByteRange(long start, long end) {

    public ByteRange {
        if (end < start) {
            throw new IllegalArgumentException("[" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }
}

package btrfs.workbench.bench.array;

/** Bytes {@code [start, end)} of one device. */
public record DeviceRange(long start, long end) {

    public DeviceRange {
        if (end < start) {
            throw new IllegalArgumentException("range ends before it starts: " + start + ".." + end);
        }
    }

    public long length() {
        return end - start;
    }
}

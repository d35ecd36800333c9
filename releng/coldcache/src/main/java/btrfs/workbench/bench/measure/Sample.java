package btrfs.workbench.bench.measure;

/**
 * One cold-cache measurement.
 *
 * @param seconds wall time, opening the filesystem included
 * @param blocks  distinct tree blocks read, or -1 when the method does not say (the limit, the peers)
 * @param bytes   bytes read (a block read twice counts twice), or -1 when the method does not say (the peers)
 * @param error   why the measurement does not count (a tool failed, blocks unreadable), or null
 */
public record Sample(double seconds, long blocks, long bytes, String error) {

    public static Sample ok(double seconds, long blocks, long bytes) {
        return new Sample(seconds, blocks, bytes, null);
    }

    public boolean failed() {
        return error != null;
    }
}

package btrfs.workbench.readahead.io;

/**
 * The {@link IoModel} state of one device: where its head is and until when it is busy. Reads
 * are served in the order they reach the clock.
 */
final class DeviceClock {

    private final IoModel model;
    private final long deviceSize;
    private long head = -1;
    private long busyUntil;

    DeviceClock(IoModel model, long deviceSize) {
        this.model = model;
        this.deviceSize = deviceSize;
    }

    /** Books a read of {@code length} bytes at {@code physical} issued at {@code now}; returns when it is done. */
    synchronized long book(long now, long physical, long length) {
        long gap = head < 0 ? 0 : physical - head;
        long start = Math.max(now, busyUntil);
        busyUntil = start + model.serviceNanos(gap, length, deviceSize);
        head = physical + length;
        return Math.max(busyUntil, now + model.latency().toNanos());
    }
}

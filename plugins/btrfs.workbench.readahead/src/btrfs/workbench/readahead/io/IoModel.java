package btrfs.workbench.readahead.io;

import java.time.Duration;
import java.util.Objects;

/**
 * How reads of a {@link FilesystemTarget} are paced, so that a readahead over small images runs
 * slowly enough to watch and so that read order matters on images as it does on disks. The
 * device is read for real either way; the model only adds waiting.
 *
 * @param latency        added to every read, overlapping between reads in flight (like a
 *                       device's command latency): more reads in flight give more throughput
 * @param bytesPerSecond transfer rate of one device, 0 for unlimited; reads of one device
 *                       transfer one after the other
 * @param seeks          whether a read that does not start where the device's previous read
 *                       ended pays a head movement, as on a rotating disk
 */
public record IoModel(Duration latency, long bytesPerSecond, boolean seeks) {

    /** No pacing: reads take as long as the device takes. */
    public static final IoModel NONE = new IoModel(Duration.ZERO, 0, false);

    /** Media rate assumed for seeks when no bandwidth is given: a 7200 rpm disk's. */
    static final long DISK_BYTES_PER_SECOND = 150_000_000L;
    /** Gaps up to this size are passed over at media rate, without a seek. */
    static final long SHORT_GAP = 1 << 20;
    /** Settle time of any real seek. */
    static final long SEEK_SETTLE_NANOS = 1_000_000L;
    /** Added for a seek across the whole device (scaled by the square root of the fraction). */
    static final long FULL_STROKE_NANOS = 7_000_000L;

    public IoModel {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative latency or bandwidth");
        }
    }

    public boolean isNone() {
        return latency.isZero() && bytesPerSecond == 0 && !seeks;
    }

    /**
     * Time the device is busy with one read: the head movement from where the previous read
     * ended ({@code gap} bytes away, in either direction) and the transfer.
     */
    long serviceNanos(long gap, long length, long deviceSize) {
        long rate = bytesPerSecond > 0 ? bytesPerSecond : seeks ? DISK_BYTES_PER_SECOND : 0;
        long nanos = rate > 0 ? nanosFor(length, rate) : 0;
        if (seeks && gap != 0) {
            nanos += seekNanos(Math.abs(gap), deviceSize, rate);
        }
        return nanos;
    }

    /**
     * A short forward gap is read over (the head is already there); anything else costs a settle
     * plus a stroke growing with the square root of the distance, the usual first-order model of
     * a disk arm's acceleration.
     */
    private static long seekNanos(long distance, long deviceSize, long rate) {
        if (distance <= SHORT_GAP) {
            return nanosFor(distance, rate);
        }
        double fraction = deviceSize > 0 ? Math.min(1.0, (double) distance / deviceSize) : 1.0;
        return SEEK_SETTLE_NANOS + (long) (FULL_STROKE_NANOS * Math.sqrt(fraction));
    }

    private static long nanosFor(long bytes, long rate) {
        return (long) (bytes * 1e9 / rate);
    }
}

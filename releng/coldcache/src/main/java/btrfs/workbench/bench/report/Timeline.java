package btrfs.workbench.bench.report;

import java.util.Comparator;
import java.util.List;

/**
 * What every device did during one engine run: its reads (I/Os) from submission to completion,
 * so that idle stretches — a device waiting for the next tree level, or done while its mirror
 * reads on alone — are seen, not guessed.
 *
 * @param array   the array's result name
 * @param method  the method's id
 * @param seconds the run's wall time (opening the filesystem included; the reads start after it)
 * @param lanes   one per device that read, by devid
 */
public record Timeline(String array, String method, double seconds, List<Lane> lanes) {

    public Timeline {
        lanes = List.copyOf(lanes);
    }

    /** One device's reads. */
    public record Lane(long devid, List<Read> reads) {
        public Lane {
            reads = List.copyOf(reads);
        }

        /** Bytes this device read. */
        public long bytes() {
            return reads.stream().mapToLong(Read::bytes).sum();
        }

        /** When the device's first read was issued (0 without reads). */
        public double firstStart() {
            return reads.stream().mapToDouble(Read::start).min().orElse(0);
        }

        /** When the device's last read completed (0 without reads). */
        public double lastEnd() {
            return reads.stream().mapToDouble(Read::end).max().orElse(0);
        }

        /** Seconds in which at least one read was in flight on the device. */
        public double busySeconds() {
            double busy = 0;
            double coveredTo = Double.NEGATIVE_INFINITY;
            for (Read r : reads.stream().sorted(Comparator.comparingDouble(Read::start)).toList()) {
                double from = Math.max(r.start(), coveredTo);
                if (r.end() > from) {
                    busy += r.end() - from;
                    coveredTo = r.end();
                }
            }
            return busy;
        }
    }

    /**
     * One I/O: seconds since the engine started, the bytes of its blocks, and the highest tree
     * level among them (0: leaves only; {@link #STREAM} for a read of the zone stream, whatever
     * its slots hold).
     */
    public record Read(double start, double end, long bytes, int level) {

        /** The level of a zone stream's read. */
        public static final int STREAM = -1;

        public boolean streamed() {
            return level == STREAM;
        }
    }

    /** The last completion: how long the reads took. */
    public double readSeconds() {
        return lanes.stream().mapToDouble(Lane::lastEnd).max().orElse(0);
    }

    /** File name of its chart: {@code timeline-ARRAY-METHOD.png}, '/' in a name made '-'. */
    public String fileName() {
        return ("timeline-" + array + "-" + method + ".png").replace('/', '-');
    }
}

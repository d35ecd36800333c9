package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.List;

/**
 * Deviation (the FIXME in reada_start_machine_dev: "If we have a contiguous block of extents, we
 * could also coagulate them"; off in v4.19 mode): a device reads its next queued extents as one
 * I/O — in logical order inside the current zone, each needing a read, its copy on this device at
 * most {@link ReadaheadConfig#coalesceGapBytes} after the previous one's end (the hole read and
 * dropped), the whole span at most {@link ReadaheadConfig#coalesceBytes}. A device reading a
 * densely filled zone then streams it in large reads instead of one block per I/O. A queued
 * extent that cannot join (a peer reads it, or no control wants it any more) only ends the read
 * when the hole it leaves is too wide.
 */
final class Coalescing {

    private Coalescing() {
    }

    /** {@code first} and the queued extents after it that share its read. Lock held. */
    static List<Extent> run(ReadaMachine m, Dev dev, Extent first) {
        List<Extent> run = new ArrayList<>(4);
        run.add(first);
        int nodesize = m.nodesize;
        long start = first.copyOn(dev).physical();
        long end = start + nodesize;
        long maxSpan = Math.max(nodesize, m.config.coalesceBytes());
        for (Extent next = ReadaMachine.firstQueuedFrom(dev, first.logical + nodesize); next != null
                && Long.compareUnsigned(next.logical, dev.currZone.end) <= 0;
                next = ReadaMachine.firstQueuedFrom(dev, next.logical + nodesize)) {
            long physical = next.copyOn(dev).physical();
            if (physical < end || physical - end > m.config.coalesceGapBytes()
                    || physical + nodesize - start > maxSpan) {
                break;
            }
            if (m.needsRead(next, dev)) {
                run.add(next);
                end = physical + nodesize;
            }
        }
        return run;
    }
}

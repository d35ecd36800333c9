package btrfs.workbench.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;

/**
 * What {@code readahead} reports beyond the engine's counters, taken from its event stream:
 * nodes and leaves read, copies read and bad copies per device, with {@code --list-blocks} the
 * blocks each control got, in the order they were read, and in scrub mode the copies that could
 * not be checked because their device is missing.
 */
final class RunRecorder implements ReadaheadListener {

    private final boolean listBlocks;
    private final boolean scrub;
    private final LongFunction<List<StripeCopy>> mirrors;
    private final Set<Long> missing;
    private long nodes;
    private long leaves;
    /** Controls with a record on a block not yet read: they are served by its next good read. */
    private final Map<Long, Set<Long>> waiting = new HashMap<>();
    private final Map<Long, List<Long>> blocksByControl = new HashMap<>();
    private final Map<Long, Long> copiesRead = new HashMap<>();
    private final Map<Long, Long> uncheckable = new HashMap<>();
    private final Set<BadCopy> badCopies = new LinkedHashSet<>();
    /** Scrub: blocks counted (every copy is read, the block counts once) and blocks seen. */
    private final Set<Long> counted = new HashSet<>();
    private final Set<Long> seen = new HashSet<>();

    /**
     * @param scrub   the run reads every copy: a block counts once, and its copies on
     *                {@code missing} devices count as not checked
     * @param mirrors every copy of a block (scrub)
     */
    RunRecorder(boolean listBlocks, boolean scrub, LongFunction<List<StripeCopy>> mirrors, Set<Long> missing) {
        this.listBlocks = listBlocks;
        this.scrub = scrub;
        this.mirrors = mirrors;
        this.missing = Set.copyOf(missing);
    }

    @Override
    public synchronized void onEvent(ReadaheadEvent event) {
        switch (event) {
            case ReadaheadEvent.Complete c -> completed(c);
            case ReadaheadEvent.BadCopy b -> badCopies.add(new BadCopy(b.logical(), b.dev(), b.physical(), b.reason()));
            case ReadaheadEvent.Enqueue q when listBlocks ->
                waiting.computeIfAbsent(q.logical(), k -> new HashSet<>()).add(q.control());
            case ReadaheadEvent.Skip s when listBlocks && s.reason() == SkipReason.LEVEL ->
                // read, but not the block the control's parent pointed at: not one of its blocks
                blocksByControl.getOrDefault(s.control(), new ArrayList<>()).remove(Long.valueOf(s.logical()));
            default -> {
            }
        }
    }

    private void completed(ReadaheadEvent.Complete c) {
        copiesRead.merge(c.dev(), 1L, Long::sum);
        if (scrub && seen.add(c.logical())) {
            for (StripeCopy copy : mirrors.apply(c.logical())) {
                if (missing.contains(copy.devid())) {
                    uncheckable.merge(copy.devid(), 1L, Long::sum);
                }
            }
        }
        // a failed read leaves the block waiting: failover reads another copy
        if (!c.ok() || scrub && !counted.add(c.logical())) {
            return;
        }
        if (c.level() == 0) {
            leaves++;
        } else {
            nodes++;
        }
        Set<Long> controls = waiting.remove(c.logical());
        if (controls != null) {
            for (long control : controls) {
                blocksByControl.computeIfAbsent(control, k -> new ArrayList<>()).add(c.logical());
            }
        }
    }

    synchronized long nodes() {
        return nodes;
    }

    synchronized long leaves() {
        return leaves;
    }

    /** The blocks read for {@code control}, in read order (only with --list-blocks). */
    synchronized List<Long> blocks(long control) {
        return List.copyOf(blocksByControl.getOrDefault(control, List.of()));
    }

    /** Every bad copy once, in the order they were found. */
    synchronized List<BadCopy> badCopies() {
        return List.copyOf(badCopies);
    }

    /** Copies read on the device (every block read, good or bad). */
    synchronized long copiesRead(long devid) {
        return copiesRead.getOrDefault(devid, 0L);
    }

    /** Scrub: copies of the blocks scrubbed that lie on the device, missing, so not checked. */
    synchronized long uncheckable(long devid) {
        return uncheckable.getOrDefault(devid, 0L);
    }
}

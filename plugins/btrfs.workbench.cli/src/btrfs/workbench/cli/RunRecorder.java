package btrfs.workbench.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.event.SkipReason;

/**
 * What {@code readahead} reports beyond the engine's counters, taken from its event stream:
 * nodes and leaves read, and with {@code --list-blocks} the blocks each control got, in the
 * order they were read.
 */
final class RunRecorder implements ReadaheadListener {

    private final boolean listBlocks;
    private long nodes;
    private long leaves;
    /** Controls with a record on a block not yet completed: they are served by its next read. */
    private final Map<Long, Set<Long>> waiting = new HashMap<>();
    private final Map<Long, List<Long>> blocksByControl = new HashMap<>();

    RunRecorder(boolean listBlocks) {
        this.listBlocks = listBlocks;
    }

    @Override
    public synchronized void onEvent(ReadaheadEvent event) {
        switch (event) {
            case ReadaheadEvent.Complete c when c.ok() -> {
                if (c.level() == 0) {
                    leaves++;
                } else {
                    nodes++;
                }
                served(c.logical(), true);
            }
            case ReadaheadEvent.Complete c -> served(c.logical(), false);
            case ReadaheadEvent.Enqueue q when listBlocks ->
                waiting.computeIfAbsent(q.logical(), k -> new HashSet<>()).add(q.control());
            case ReadaheadEvent.Skip s when listBlocks && s.reason() == SkipReason.LEVEL ->
                // read, but not the block the control's parent pointed at: not one of its blocks
                blocksByControl.getOrDefault(s.control(), new ArrayList<>()).remove(Long.valueOf(s.logical()));
            default -> {
            }
        }
    }

    private void served(long logical, boolean ok) {
        Set<Long> controls = waiting.remove(logical);
        if (controls == null || !ok) {
            return;
        }
        for (long control : controls) {
            blocksByControl.computeIfAbsent(control, k -> new ArrayList<>()).add(logical);
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
}

package btrfs.workbench.bench.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;

/**
 * Listens to a run's submits and completions and keeps each read (I/O) per device: from its first
 * block's submission to its last block's completion. A coalesced read's hole bytes are not
 * counted, only its blocks'; a zone stream's read counts all it read.
 */
final class TimelineRecorder implements ReadaheadListener {

    private final int nodesize;
    /** A read in the making: by the seq of its first submit. */
    private final Map<Long, Building> reads = new HashMap<>();
    /** Which read a block in flight on a device belongs to. */
    private final Map<BlockOn, Building> inFlight = new HashMap<>();
    private final List<Building> done = new ArrayList<>();

    private record BlockOn(long dev, long logical) {
    }

    TimelineRecorder(int nodesize) {
        this.nodesize = nodesize;
    }

    private static final class Building {
        final long dev;
        final long start;
        long end;
        long bytes;
        int level;
        int pending;

        Building(long dev, long start) {
            this.dev = dev;
            this.start = start;
        }
    }

    @Override
    public synchronized void onEvent(ReadaheadEvent event) {
        switch (event) {
            case ReadaheadEvent.Submit s -> {
                Building read = reads.computeIfAbsent(s.read(), r -> new Building(s.dev(), s.t()));
                read.bytes += nodesize;
                read.pending++;
                inFlight.put(new BlockOn(s.dev(), s.logical()), read);
            }
            case ReadaheadEvent.Complete c when !c.streamed() -> { // a streamed block's read is its StreamRead
                Building read = inFlight.remove(new BlockOn(c.dev(), c.logical()));
                if (read != null) {
                    read.end = Math.max(read.end, c.t());
                    read.level = Math.max(read.level, c.level());
                    if (--read.pending == 0) {
                        done.add(read);
                    }
                }
            }
            case ReadaheadEvent.StreamRead r -> {
                Building read = new Building(r.dev(), r.issued());
                read.end = r.answered();
                read.bytes = r.bytes();
                read.level = Timeline.Read.STREAM;
                done.add(read);
            }
            default -> {
            }
        }
    }

    /** The reads completed, per device by devid. */
    synchronized List<Timeline.Lane> lanes() {
        Map<Long, List<Timeline.Read>> byDev = new TreeMap<>(Long::compareUnsigned);
        for (Building b : done) {
            byDev.computeIfAbsent(b.dev, d -> new ArrayList<>())
                    .add(new Timeline.Read(b.start / 1e9, b.end / 1e9, b.bytes, b.level));
        }
        List<Timeline.Lane> lanes = new ArrayList<>();
        byDev.forEach((dev, list) -> lanes.add(new Timeline.Lane(dev, list)));
        return lanes;
    }
}

package btrfs.workbench.readahead.heatmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Finish;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Builds per-device heatmaps from the engine's event stream: every copy of a tree block goes
 * QUEUED when a control wants the block, IN_FLIGHT when a read of it is issued, READ or FAILED
 * when that read completes (the block's other copies, no longer wanted, go back to what they
 * showed before), SKIPPED when the node read was not descended into for its generation.
 * <p>
 * Add it to the engine before the first control, so that it sees every event. Thread-safe:
 * events arrive on engine and I/O threads, {@link #snapshot()} is called from a view's refresh
 * thread. One lock; an event changes a few copies and recomputes their cells in constant time,
 * and the target's mirror lookup runs outside the lock.
 */
public final class HeatmapRecorder implements ReadaheadListener {

    /** A tree block wanted by controls and not read yet: its copies show QUEUED. */
    private static final class Pending {
        final List<StripeCopy> copies;
        final Set<Long> controls = new HashSet<>(2);

        Pending(List<StripeCopy> copies) {
            this.copies = copies;
        }
    }

    /** A read in flight: the event that completes it names the device and block, not the copy. */
    private record Read(long devid, long logical) {
    }

    private final ReadaheadTarget target;
    private final Map<Long, DeviceCells> devices = new LinkedHashMap<>();
    /** Devices the engine queues on: present, and not the target of a dev-replace. */
    private final Set<Long> readable = new HashSet<>();
    private final Object lock = new Object();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, Set<Long>> pendingByControl = new HashMap<>();
    private final Map<Read, Long> inFlight = new HashMap<>();
    /** Per device, what its zone stream read so far: start -> end, back-to-back reads merged. */
    private final Map<Long, TreeMap<Long, Long>> streamed = new HashMap<>();
    /** The block of the last complete and the copy it was read from; null after a failure. */
    private long lastLogical;
    private StripeCopy lastRead;

    /**
     * @param target            the engine's target: nodesize, devices, mirrors
     * @param layouts           the devices to draw, each once; copies on other devices are ignored
     * @param maxCellsPerDevice the most cells a device may have; each cell is the smallest
     *                          multiple of the nodesize that keeps the count within it
     */
    public HeatmapRecorder(ReadaheadTarget target, List<DeviceLayout> layouts, int maxCellsPerDevice) {
        this.target = Objects.requireNonNull(target, "target");
        if (maxCellsPerDevice < 1) {
            throw new IllegalArgumentException("maxCellsPerDevice " + maxCellsPerDevice);
        }
        for (DeviceLayout layout : layouts) {
            long cell = cellBytes(layout.size(), target.nodesize(), maxCellsPerDevice);
            if (devices.putIfAbsent(layout.devid(), new DeviceCells(layout, cell)) != null) {
                throw new IllegalArgumentException("devid " + Long.toUnsignedString(layout.devid()) + " twice");
            }
        }
        for (Device d : target.devices()) {
            if (d.present() && !d.replaceTarget()) {
                readable.add(d.devid());
            }
        }
    }

    /**
     * The smallest multiple of {@code nodesize} that cuts {@code size} bytes into at most
     * {@code maxCells} cells. Whole tree blocks per cell, so that a cell's state is about blocks,
     * never about half of one.
     */
    public static long cellBytes(long size, int nodesize, int maxCells) {
        if (nodesize <= 0 || maxCells <= 0 || size < 0) {
            throw new IllegalArgumentException("size " + size + ", nodesize " + nodesize + ", cells " + maxCells);
        }
        long blocks = Math.max(1, Math.ceilDiv(size, (long) nodesize * maxCells));
        return blocks * nodesize;
    }

    @Override
    public void onEvent(ReadaheadEvent event) {
        switch (event) {
            case Enqueue e -> enqueued(e.logical(), e.control());
            case Submit s -> submitted(s.dev(), s.logical(), s.physical());
            case Complete c -> completed(c.dev(), c.logical(), c.ok());
            case Skip s -> skipped(s.logical(), s.reason());
            case Finish f -> finished(f.control());
            case Pick p -> {
                // zone choice: nothing changes on the devices
            }
            case ReadaheadEvent.BadCopy b -> {
                // its failed read was drawn at its complete; a scrubbed copy that differs read fine
            }
            case ReadaheadEvent.StreamRead r -> streamRead(r.dev(), r.physical(), r.bytes());
        }
    }

    /** Every device's cells now. */
    public HeatmapSnapshot snapshot() {
        synchronized (lock) {
            return new HeatmapSnapshot(devices.values().stream().map(DeviceCells::heat).toList());
        }
    }

    /** The copies of a block the engine may read and this heatmap draws, in mirror order. */
    private List<StripeCopy> drawnCopies(long logical) {
        List<StripeCopy> out = new ArrayList<>(2);
        for (StripeCopy c : target.mirrors(logical)) {
            if (readable.contains(c.devid()) && devices.containsKey(c.devid())) {
                out.add(c);
            }
        }
        return out;
    }

    /** A control wants the block: any of its copies may serve it. */
    private void enqueued(long logical, long control) {
        List<StripeCopy> copies = drawnCopies(logical);
        synchronized (lock) {
            Pending p = pending.computeIfAbsent(logical, l -> new Pending(copies));
            p.controls.add(control);
            pendingByControl.computeIfAbsent(control, c -> new HashSet<>()).add(logical);
            p.copies.forEach(c -> change(c, CopyState::queued));
        }
    }

    private void submitted(long devid, long logical, long physical) {
        synchronized (lock) {
            inFlight.put(new Read(devid, logical), physical);
            change(new StripeCopy(devid, physical), CopyState::inFlight);
        }
    }

    /**
     * The read of one copy is over. Every control waiting for the block was served by it (or had
     * its branch cut), so the block's other copies are no longer wanted.
     */
    private void completed(long devid, long logical, boolean ok) {
        synchronized (lock) {
            StripeCopy read = readCopy(devid, logical);
            if (read != null) {
                change(read, s -> CopyState.settled(ok ? CellState.READ : CellState.FAILED));
            }
            lastLogical = logical;
            lastRead = ok ? read : null;
            Pending p = pending.remove(logical);
            if (p != null) {
                p.copies.stream().filter(c -> !c.equals(read)).forEach(c -> change(c, CopyState::unqueued));
                p.controls.forEach(control -> forget(control, logical));
            }
        }
    }

    /**
     * A zone stream read: remembered, so that a block it serves later is drawn on the copy it read
     * (DUP has two on the device); its slots hold free space too, so nothing is drawn yet.
     * Back-to-back reads make one range: a device's stream is a handful of ranges, one per run of
     * block groups.
     */
    private void streamRead(long devid, long physical, long bytes) {
        synchronized (lock) {
            TreeMap<Long, Long> ranges = streamed.computeIfAbsent(devid, d -> new TreeMap<>());
            Map.Entry<Long, Long> before = ranges.floorEntry(physical);
            if (before != null && before.getValue() == physical) {
                ranges.put(before.getKey(), physical + bytes);
            } else {
                ranges.put(physical, physical + bytes);
            }
        }
    }

    /**
     * The copy a completed read was issued on, from its submit, or for a block the zone stream
     * served, the copy on the device its stream read. Without either (the recorder was added while
     * the read was in flight) the first copy on that device is the best guess.
     */
    private StripeCopy readCopy(long devid, long logical) {
        Long physical = inFlight.remove(new Read(devid, logical));
        if (physical != null) {
            return new StripeCopy(devid, physical);
        }
        List<StripeCopy> onDevice = target.mirrors(logical).stream().filter(c -> c.devid() == devid).toList();
        TreeMap<Long, Long> ranges = streamed.get(devid);
        for (StripeCopy c : onDevice) {
            Map.Entry<Long, Long> range = ranges == null ? null : ranges.floorEntry(c.physical());
            if (range != null && c.physical() < range.getValue()) {
                return c;
            }
        }
        return onDevice.isEmpty() ? null : onDevice.get(0);
    }

    /**
     * A generation skip names a node that was just read: the engine emits it right after that
     * read's complete, in the same step, so the last complete tells which copy it was. A level
     * skip also follows its read: the copy holds a block of the wrong level, a damaged tree,
     * which the engine counts as an error like a failed read. Of two controls expecting
     * different things of one block, the more urgent state stays. Skips of blocks that were never
     * enqueued (range, missing device, unmapped, stripe boundary, shared: read already, busy) leave
     * the devices as they are.
     */
    private void skipped(long logical, SkipReason reason) {
        CellState state = switch (reason) {
            case GENERATION -> CellState.SKIPPED;
            case LEVEL -> CellState.FAILED;
            case RANGE, MISSING_DEVICE, UNMAPPED, STRIPE_BOUNDARY, SHARED, BUSY -> null;
        };
        synchronized (lock) {
            if (state != null && lastRead != null && lastLogical == logical) {
                change(lastRead, s -> CopyState.settled(CellState.mostUrgent(s.shown(), state)));
            }
        }
    }

    /**
     * A control finished. Normally every block it wanted was read by then; a cancelled one drops
     * the blocks still queued without reading them, and without an event per block — here their
     * copies stop showing QUEUED, unless another control still wants them or a read is on.
     */
    private void finished(long control) {
        synchronized (lock) {
            Set<Long> logicals = pendingByControl.remove(control);
            if (logicals == null) {
                return;
            }
            for (long logical : logicals) {
                Pending p = pending.get(logical);
                p.controls.remove(control);
                if (p.controls.isEmpty() && !beingRead(logical, p)) {
                    pending.remove(logical);
                    p.copies.forEach(c -> change(c, CopyState::unqueued));
                }
            }
        }
    }

    private boolean beingRead(long logical, Pending p) {
        return p.copies.stream().anyMatch(c -> inFlight.containsKey(new Read(c.devid(), logical)));
    }

    private void forget(long control, long logical) {
        Set<Long> logicals = pendingByControl.get(control);
        if (logicals != null) {
            logicals.remove(logical);
        }
    }

    private void change(StripeCopy copy, UnaryOperator<CopyState> how) {
        DeviceCells cells = devices.get(copy.devid());
        if (cells != null) {
            cells.change(copy.physical(), how);
        }
    }
}

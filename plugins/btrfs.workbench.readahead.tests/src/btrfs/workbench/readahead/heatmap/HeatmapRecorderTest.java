package btrfs.workbench.readahead.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/** The recorder fed by hand: one event at a time, each state change checked. */
class HeatmapRecorderTest {

    private static final int NODESIZE = 4096;
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    /** Each device: 1 MiB, metadata at [64 KiB, 320 KiB): cells 16..79 with one block per cell. */
    private static final List<DeviceLayout> LAYOUTS = List.of(layout(1), layout(2));

    private static DeviceLayout layout(long devid) {
        return new DeviceLayout(devid, MIB, List.of(new PhysicalRange(64 * KIB, 256 * KIB)));
    }

    /** Mirrors set by the test; reads are never issued. */
    private static final class Stub implements ReadaheadTarget {
        final Map<Long, List<StripeCopy>> mirrors = new HashMap<>();
        final List<Device> devices = new ArrayList<>(List.of(Device.present(1), Device.present(2)));

        Stub block(long logical, StripeCopy... copies) {
            mirrors.put(logical, List.of(copies));
            return this;
        }

        @Override
        public int nodesize() {
            return NODESIZE;
        }

        @Override
        public List<Device> devices() {
            return devices;
        }

        @Override
        public List<StripeCopy> mirrors(long logical) {
            return mirrors.getOrDefault(logical, List.of());
        }

        @Override
        public BlockGroup blockGroup(long logical) {
            return null;
        }

        @Override
        public void read(StripeCopy copy, long logical, ReadCallback done) {
            throw new UnsupportedOperationException();
        }
    }

    private long seq;

    private void enqueue(HeatmapRecorder r, long logical, long control) {
        r.onEvent(new ReadaheadEvent.Enqueue(++seq, seq, logical, control, 7));
    }

    private void submit(HeatmapRecorder r, long dev, long logical, long physical) {
        r.onEvent(new ReadaheadEvent.Submit(++seq, seq, dev, logical, physical, 1));
    }

    private void complete(HeatmapRecorder r, long dev, long logical, boolean ok) {
        r.onEvent(new ReadaheadEvent.Complete(++seq, seq, dev, logical, ok, ok ? 0 : -1, ok ? 7 : 0,
                ok ? null : "injected"));
    }

    private void skip(HeatmapRecorder r, long logical, long control, SkipReason reason) {
        r.onEvent(new ReadaheadEvent.Skip(++seq, seq, logical, control, reason));
    }

    private void finish(HeatmapRecorder r, long control, boolean cancelled) {
        r.onEvent(new ReadaheadEvent.Finish(++seq, seq, control, cancelled, 0, 0, 0));
    }

    /** The state of the cell holding {@code physical} on {@code devid}. */
    private static CellState at(HeatmapRecorder r, long devid, long physical) {
        DeviceHeat d = r.snapshot().device(devid).orElseThrow();
        return d.cell(d.cellOf(physical));
    }

    private static StripeCopy copy(long devid, long physical) {
        return new StripeCopy(devid, physical);
    }

    @Test
    void cellsAreTheSmallestMultipleOfTheNodesizeWithinTheLimit() {
        assertEquals(4096, HeatmapRecorder.cellBytes(MIB, 4096, 256));
        assertEquals(8192, HeatmapRecorder.cellBytes(MIB, 4096, 255));
        assertEquals(8192, HeatmapRecorder.cellBytes(MIB + 1, 4096, 256));
        assertEquals(4096, HeatmapRecorder.cellBytes(0, 4096, 10));
        assertEquals(16384, HeatmapRecorder.cellBytes(160 * MIB, 16384, 65536));
        long twoTib = 2 * 1024 * 1024 * MIB;
        assertEquals(32 * MIB, HeatmapRecorder.cellBytes(twoTib, 16384, 65536));
        assertEquals(32 * MIB + 16384, HeatmapRecorder.cellBytes(twoTib + 1, 16384, 65536));
        for (long size : new long[] { 1, 4095, 4096, 4097, 999_999, 123_456_789 }) {
            for (int max : new int[] { 1, 2, 3, 7, 100, 1000 }) {
                long cell = HeatmapRecorder.cellBytes(size, 4096, max);
                assertEquals(0, cell % 4096);
                assertEquals(true, DeviceHeat.cellsFor(size, cell) <= max, size + " in " + max);
                assertEquals(true, cell == 4096 || DeviceHeat.cellsFor(size, cell - 4096) > max, size + " in " + max);
            }
        }
    }

    @Test
    void beforeAnyEventMetadataRangesShowAsMetadataAndTheRestAsUnused() {
        HeatmapRecorder r = new HeatmapRecorder(new Stub(), LAYOUTS, 256);
        for (DeviceHeat d : r.snapshot().devices()) {
            assertEquals(256, d.cellCount());
            assertEquals(4096, d.cellBytes());
            for (int i = 0; i < d.cellCount(); i++) {
                assertEquals(i >= 16 && i < 80 ? CellState.METADATA : CellState.UNUSED, d.cell(i), "cell " + i);
                assertEquals(i * 4096L, d.physicalOf(i));
            }
            assertEquals(Map.of(CellState.UNUSED, 192, CellState.METADATA, 64), nonZero(d.cellCounts()));
        }
    }

    @Test
    void aCellPartlyInMetadataShowsMetadata() {
        DeviceLayout l = new DeviceLayout(1, MIB, List.of(new PhysicalRange(100 * KIB, 10 * KIB)));
        HeatmapRecorder r = new HeatmapRecorder(new Stub(), List.of(l), 16); // cells of 64 KiB
        DeviceHeat d = r.snapshot().devices().get(0);
        assertEquals(CellState.METADATA, d.cell(1));
        assertEquals(1, d.cellCounts().get(CellState.METADATA));
        DeviceLayout across = new DeviceLayout(1, MIB, List.of(new PhysicalRange(120 * KIB, 10 * KIB)));
        d = new HeatmapRecorder(new Stub(), List.of(across), 16).snapshot().devices().get(0);
        assertEquals(List.of(CellState.METADATA, CellState.METADATA), List.of(d.cell(1), d.cell(2)));
    }

    @Test
    void raid1QueuesBothCopiesReadsOneAndTheOtherGoesBack() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 128 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB));
        assertEquals(CellState.QUEUED, at(r, 2, 128 * KIB));
        submit(r, 2, 1000, 128 * KIB);
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB));
        assertEquals(CellState.IN_FLIGHT, at(r, 2, 128 * KIB));
        assertEquals(1, r.snapshot().device(2).orElseThrow().copies(CellState.IN_FLIGHT));
        complete(r, 2, 1000, true);
        assertEquals(CellState.METADATA, at(r, 1, 64 * KIB));
        assertEquals(CellState.READ, at(r, 2, 128 * KIB));
        HeatmapSnapshot s = r.snapshot();
        assertEquals(Map.of(), nonZero(s.device(1).orElseThrow().copies()));
        assertEquals(Map.of(CellState.READ, 1L), nonZero(s.device(2).orElseThrow().copies()));
    }

    @Test
    void dupTakesTheCopyFromTheSubmitNotTheFirstCopyOnTheDevice() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(1, 200 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 1, 1000, 200 * KIB);
        complete(r, 1, 1000, false);
        assertEquals(CellState.METADATA, at(r, 1, 64 * KIB));
        assertEquals(CellState.FAILED, at(r, 1, 200 * KIB));
    }

    @Test
    void aStreamedDupBlockIsShownReadOnTheCopyItsStreamRead() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(1, 200 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        r.onEvent(new ReadaheadEvent.StreamRead(++seq, seq, 1, 192 * KIB, 64 * KIB, 1, 2));
        enqueue(r, 1000, 1);
        r.onEvent(new ReadaheadEvent.Complete(++seq, seq, 1, 1000, true, 0, 7, null, true));
        assertEquals(CellState.METADATA, at(r, 1, 64 * KIB));
        assertEquals(CellState.READ, at(r, 1, 200 * KIB));
    }

    @Test
    void aCellShowsTheMostUrgentStateOfItsBlocks() {
        // cells of 64 KiB: blocks at 64, 68, 72 KiB share cell 1
        Stub t = new Stub().block(1, copy(1, 64 * KIB)).block(2, copy(1, 68 * KIB)).block(3, copy(1, 72 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 16);
        enqueue(r, 1, 1);
        submit(r, 1, 1, 64 * KIB);
        complete(r, 1, 1, true);
        assertEquals(CellState.READ, at(r, 1, 64 * KIB));
        enqueue(r, 2, 1);
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB));
        submit(r, 1, 2, 68 * KIB);
        assertEquals(CellState.IN_FLIGHT, at(r, 1, 64 * KIB));
        enqueue(r, 3, 1);
        assertEquals(CellState.IN_FLIGHT, at(r, 1, 64 * KIB), "in flight outranks queued");
        complete(r, 1, 2, false);
        assertEquals(CellState.FAILED, at(r, 1, 64 * KIB), "failed outranks queued");
        submit(r, 1, 3, 72 * KIB);
        complete(r, 1, 3, true);
        assertEquals(CellState.FAILED, at(r, 1, 64 * KIB));
        DeviceHeat d = r.snapshot().device(1).orElseThrow();
        assertEquals(Map.of(CellState.READ, 2L, CellState.FAILED, 1L), nonZero(d.copies()));
        assertEquals(Map.of(CellState.UNUSED, 12, CellState.METADATA, 3, CellState.FAILED, 1), nonZero(d.cellCounts()));
    }

    @Test
    void theUrgencyOrderIsExplicit() {
        List<CellState> order = List.of(CellState.UNUSED, CellState.METADATA, CellState.READ, CellState.SKIPPED,
                CellState.QUEUED, CellState.IN_FLIGHT, CellState.FAILED);
        for (int i = 0; i < order.size(); i++) {
            for (int j = 0; j < order.size(); j++) {
                CellState expected = order.get(Math.max(i, j));
                assertEquals(expected, CellState.mostUrgent(order.get(i), order.get(j)));
            }
        }
    }

    @Test
    void aBlockReadAgainFromTheOtherMirrorLeavesTheFirstReadShown() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 1, 1000, 64 * KIB);
        complete(r, 1, 1000, true);
        enqueue(r, 1000, 2); // another control, after the first read was over
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB));
        assertEquals(CellState.QUEUED, at(r, 2, 64 * KIB));
        submit(r, 2, 1000, 64 * KIB);
        complete(r, 2, 1000, true);
        assertEquals(CellState.READ, at(r, 1, 64 * KIB));
        assertEquals(CellState.READ, at(r, 2, 64 * KIB));
    }

    @Test
    void aControlJoiningABlockInFlightDoesNotDemoteIt() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 1, 1000, 64 * KIB);
        enqueue(r, 1000, 2);
        assertEquals(CellState.IN_FLIGHT, at(r, 1, 64 * KIB));
        assertEquals(CellState.QUEUED, at(r, 2, 64 * KIB));
        complete(r, 1, 1000, true);
        finish(r, 1, false);
        finish(r, 2, false);
        assertEquals(CellState.READ, at(r, 1, 64 * KIB));
        assertEquals(CellState.METADATA, at(r, 2, 64 * KIB));
    }

    @Test
    void aGenerationSkipMarksTheCopyThatWasRead() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 2, 1000, 64 * KIB);
        complete(r, 2, 1000, true);
        skip(r, 1000, 1, SkipReason.GENERATION);
        assertEquals(CellState.METADATA, at(r, 1, 64 * KIB));
        assertEquals(CellState.SKIPPED, at(r, 2, 64 * KIB));
        assertEquals(1, r.snapshot().device(2).orElseThrow().copies(CellState.SKIPPED));
        assertEquals(0, r.snapshot().device(2).orElseThrow().copies(CellState.READ));
    }

    @Test
    void aLevelSkipIsADamagedCopy() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 1, 1000, 64 * KIB);
        complete(r, 1, 1000, true);
        skip(r, 1000, 1, SkipReason.LEVEL);
        skip(r, 1000, 2, SkipReason.GENERATION); // a second control: the more urgent state stays
        assertEquals(CellState.FAILED, at(r, 1, 64 * KIB));
    }

    @Test
    void skipsOfBlocksNeverEnqueuedChangeNothing() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB)).block(2000, copy(1, 68 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        HeatmapSnapshot before = r.snapshot();
        for (SkipReason reason : List.of(SkipReason.RANGE, SkipReason.MISSING_DEVICE, SkipReason.UNMAPPED)) {
            skip(r, 2000, 1, reason);
        }
        skip(r, 1000, 1, SkipReason.GENERATION); // no read of it came before
        assertEquals(before, r.snapshot());
    }

    @Test
    void aCancelledControlsQueuedBlocksGoBackUnlessAnotherControlWantsThem() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB)).block(2000, copy(1, 68 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        enqueue(r, 1000, 2);
        enqueue(r, 2000, 1);
        finish(r, 1, true);
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB), "control 2 still wants it");
        assertEquals(CellState.QUEUED, at(r, 2, 64 * KIB));
        assertEquals(CellState.METADATA, at(r, 1, 68 * KIB));
        finish(r, 2, true);
        assertEquals(CellState.METADATA, at(r, 1, 64 * KIB));
        assertEquals(CellState.METADATA, at(r, 2, 64 * KIB));
        assertEquals(Map.of(), nonZero(r.snapshot().device(1).orElseThrow().copies()));
    }

    @Test
    void aBlockInFlightWhenItsControlFinishesIsLeftToItsComplete() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        submit(r, 1, 1000, 64 * KIB);
        finish(r, 1, true);
        assertEquals(CellState.IN_FLIGHT, at(r, 1, 64 * KIB));
        assertEquals(CellState.QUEUED, at(r, 2, 64 * KIB));
        complete(r, 1, 1000, true);
        assertEquals(CellState.READ, at(r, 1, 64 * KIB));
        assertEquals(CellState.METADATA, at(r, 2, 64 * KIB));
    }

    @Test
    void copiesOnDevicesTheEngineNeverReadsStayUntouched() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB), copy(2, 64 * KIB));
        t.devices.set(1, Device.missing(2));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        enqueue(r, 1000, 1);
        assertEquals(CellState.QUEUED, at(r, 1, 64 * KIB));
        assertEquals(CellState.METADATA, at(r, 2, 64 * KIB));
    }

    @Test
    void copiesOffTheLayoutsAreIgnored() {
        Stub t = new Stub().block(1000, copy(1, 2 * MIB), copy(3, 64 * KIB));
        t.devices.add(Device.present(3));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        HeatmapSnapshot before = r.snapshot();
        enqueue(r, 1000, 1);
        submit(r, 3, 1000, 64 * KIB);
        complete(r, 3, 1000, true);
        assertEquals(before, r.snapshot());
        assertEquals(List.of(1L, 2L), before.devices().stream().map(DeviceHeat::devid).toList());
    }

    @Test
    void snapshotsNeverChange() {
        Stub t = new Stub().block(1000, copy(1, 64 * KIB));
        HeatmapRecorder r = new HeatmapRecorder(t, LAYOUTS, 256);
        HeatmapSnapshot s = r.snapshot();
        DeviceHeat d = s.device(1).orElseThrow();
        byte[] cells = d.cells();
        cells[16] = (byte) CellState.FAILED.ordinal();
        assertEquals(CellState.METADATA, d.cell(16));
        enqueue(r, 1000, 1);
        assertEquals(CellState.METADATA, d.cell(16));
        assertNotEquals(s, r.snapshot());
        assertEquals(CellState.QUEUED, r.snapshot().device(1).orElseThrow().cell(16));
    }

    @Test
    void layoutsAreCheckedAndSorted() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceLayout(1, MIB, List.of(new PhysicalRange(MIB - 4096, 8192))));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalRange(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeatmapRecorder(new Stub(),
                List.of(layout(1), layout(1)), 10));
        DeviceLayout l = new DeviceLayout(1, MIB, List.of(new PhysicalRange(512 * KIB, 4096),
                new PhysicalRange(4096, 4096)));
        assertEquals(List.of(4096L, 512 * KIB), l.metadata().stream().map(PhysicalRange::start).toList());
        assertEquals(8192, l.metadataBytes());
        assertEquals(true, l.isMetadata(512 * KIB + 4095));
        assertEquals(false, l.isMetadata(512 * KIB + 4096));
    }

    @Test
    void aPartialLastCellAndPhysicalOffsets() {
        DeviceLayout l = new DeviceLayout(1, 10 * 4096 + 100, List.of());
        DeviceHeat d = new HeatmapRecorder(new Stub(), List.of(l), 100).snapshot().devices().get(0);
        assertEquals(11, d.cellCount());
        assertEquals(10 * 4096, d.physicalOf(10));
        assertEquals(10, d.cellOf(10 * 4096 + 99));
        assertEquals(-1, d.cellOf(10 * 4096 + 100));
        assertThrows(IndexOutOfBoundsException.class, () -> d.physicalOf(11));
    }

    private static <V extends Number> Map<CellState, V> nonZero(Map<CellState, V> counts) {
        Map<CellState, V> out = new HashMap<>();
        counts.forEach((k, v) -> {
            if (v.longValue() != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}

package btrfs.workbench.readahead.heatmap;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The live heatmap of one device, mutated by the recorder under its lock. Only copies something
 * happened to are kept (sparse, by physical offset); each cell counts its copies per state, so
 * that a change recomputes one cell in constant time and a snapshot is one array copy.
 */
final class DeviceCells {

    private static final CellState[] STATES = CellState.values();
    /** States by falling urgency: the first one a cell has copies in is what it shows. */
    private static final CellState[] BY_URGENCY = byUrgency();

    private final DeviceLayout layout;
    private final long cellBytes;
    /** UNUSED or METADATA per cell: what a cell shows when no copy in it is tracked. */
    private final byte[] base;
    private final byte[] shown;
    private final Map<Long, CopyState> copies = new HashMap<>();
    private final Map<Integer, int[]> counts = new HashMap<>();
    private final long[] totals = new long[STATES.length];

    DeviceCells(DeviceLayout layout, long cellBytes) {
        this.layout = layout;
        this.cellBytes = cellBytes;
        this.base = baseCells(layout, cellBytes);
        this.shown = base.clone();
    }

    private static CellState[] byUrgency() {
        CellState[] out = STATES.clone();
        Arrays.sort(out, (a, b) -> Integer.compare(b.urgency(), a.urgency()));
        return out;
    }

    /** METADATA for every cell sharing a byte with a metadata range, UNUSED elsewhere. */
    private static byte[] baseCells(DeviceLayout layout, long cellBytes) {
        byte[] cells = new byte[Math.toIntExact(DeviceHeat.cellsFor(layout.size(), cellBytes))];
        Arrays.fill(cells, (byte) CellState.UNUSED.ordinal());
        for (PhysicalRange r : layout.metadata()) {
            int first = (int) (r.start() / cellBytes);
            int last = (int) ((r.end() - 1) / cellBytes);
            Arrays.fill(cells, first, last + 1, (byte) CellState.METADATA.ordinal());
        }
        return cells;
    }

    long devid() {
        return layout.devid();
    }

    /** Applies {@code change} to the copy at {@code physical}; a copy off the device is ignored. */
    void change(long physical, UnaryOperator<CopyState> change) {
        if (physical < 0 || physical >= layout.size()) {
            return;
        }
        CopyState before = copies.getOrDefault(physical, CopyState.UNTOUCHED);
        CopyState after = change.apply(before);
        if (after.equals(CopyState.UNTOUCHED)) {
            copies.remove(physical);
        } else {
            copies.put(physical, after);
        }
        if (after.shown() != before.shown()) {
            int cell = (int) (physical / cellBytes);
            count(cell, before.shown(), -1);
            count(cell, after.shown(), +1);
            shown[cell] = (byte) cellState(cell).ordinal();
        }
    }

    /** METADATA is the untracked default and is not counted. */
    private void count(int cell, CellState state, int delta) {
        if (state == CellState.METADATA || state == CellState.UNUSED) {
            return;
        }
        int[] n = counts.computeIfAbsent(cell, c -> new int[STATES.length]);
        n[state.ordinal()] += delta;
        totals[state.ordinal()] += delta;
        if (delta < 0 && isEmpty(n)) {
            counts.remove(cell);
        }
    }

    private static boolean isEmpty(int[] n) {
        for (int v : n) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private CellState cellState(int cell) {
        int[] n = counts.get(cell);
        if (n != null) {
            for (CellState s : BY_URGENCY) {
                if (n[s.ordinal()] > 0) {
                    return s;
                }
            }
        }
        return STATES[base[cell]];
    }

    DeviceHeat heat() {
        Map<CellState, Long> perState = new HashMap<>();
        for (CellState s : STATES) {
            perState.put(s, totals[s.ordinal()]);
        }
        return new DeviceHeat(layout.devid(), layout.size(), cellBytes, shown, perState);
    }
}

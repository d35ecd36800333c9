package btrfs.workbench.readahead.heatmap;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device's heatmap at one instant. Cell {@code i} covers the device's bytes
 * {@code [i * cellBytes, (i + 1) * cellBytes)} (the last cell may be cut short by the device's
 * end) and shows the most urgent state of the block copies starting in it.
 *
 * @param devid     the device
 * @param size      bytes of the device covered
 * @param cellBytes bytes per cell, a multiple of the nodesize
 * @param cells     one {@link CellState#ordinal()} per cell; copied in and out, so a snapshot
 *                  never changes
 * @param copies    how many tree-block copies on the device are in each state, counted per copy
 *                  (not per cell); 0 for {@link CellState#METADATA} and {@link CellState#UNUSED},
 *                  which are not tracked block by block
 */
public record DeviceHeat(long devid, long size, long cellBytes, byte[] cells, Map<CellState, Long> copies) {

    private static final CellState[] STATES = CellState.values();

    public DeviceHeat {
        if (cellBytes <= 0 || size < 0) {
            throw new IllegalArgumentException("cellBytes " + cellBytes + ", size " + size);
        }
        if (cells.length != cellsFor(size, cellBytes)) {
            throw new IllegalArgumentException(cells.length + " cells for " + size + " bytes in cells of "
                    + cellBytes);
        }
        cells = cells.clone();
        EnumMap<CellState, Long> all = new EnumMap<>(CellState.class);
        for (CellState s : STATES) {
            all.put(s, copies.getOrDefault(s, 0L));
        }
        copies = Collections.unmodifiableMap(all);
    }

    /** Cells needed to cover {@code size} bytes: the last one may be partial. */
    static long cellsFor(long size, long cellBytes) {
        return size / cellBytes + (size % cellBytes == 0 ? 0 : 1);
    }

    /** A copy of the cells, one {@link CellState#ordinal()} each. */
    @Override
    public byte[] cells() {
        return cells.clone();
    }

    public int cellCount() {
        return cells.length;
    }

    public CellState cell(int i) {
        return STATES[cells[i]];
    }

    /** The first byte of cell {@code cell} on the device. */
    public long physicalOf(int cell) {
        Objects.checkIndex(cell, cells.length);
        return cell * cellBytes;
    }

    /** The cell holding byte {@code physical}, -1 if it lies outside the device. */
    public int cellOf(long physical) {
        return physical < 0 || physical >= size ? -1 : (int) (physical / cellBytes);
    }

    /** How many cells show each state; the values add up to {@link #cellCount()}. */
    public Map<CellState, Integer> cellCounts() {
        int[] n = new int[STATES.length];
        for (byte b : cells) {
            n[b]++;
        }
        EnumMap<CellState, Integer> out = new EnumMap<>(CellState.class);
        for (CellState s : STATES) {
            out.put(s, n[s.ordinal()]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** How many copies are in {@code state}: see {@link #copies()}. */
    public long copies(CellState state) {
        return copies.get(state);
    }

    /** Equal cells by content, not by array identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceHeat h && devid == h.devid && size == h.size && cellBytes == h.cellBytes
                && Arrays.equals(cells, h.cells) && copies.equals(h.copies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(devid, size, cellBytes, Arrays.hashCode(cells), copies);
    }

    @Override
    public String toString() {
        return "DeviceHeat[devid " + Long.toUnsignedString(devid) + ", " + cells.length + " cells of " + cellBytes
                + " bytes, " + cellCounts() + "]";
    }
}

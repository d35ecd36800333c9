package btrfs.workbench.ui.live;

import btrfs.workbench.readahead.heatmap.Hilbert;
import btrfs.workbench.ui.l10n.Messages;

/**
 * Where cell {@code d} of a device's heatmap goes: along a Hilbert curve (nearby addresses stay
 * nearby in both directions, as btrfs-heatmap draws it) or in rows of {@link #LINEAR_WIDTH}.
 */
enum HeatmapLayout {
    HILBERT(Messages.HeatmapLayout_hilbert), LINEAR(Messages.HeatmapLayout_linear);

    /** Cells per row of the linear layout. */
    static final int LINEAR_WIDTH = 128;

    private final String label;

    HeatmapLayout(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Width and height in cells of a map of {@code cells} cells. */
    int[] size(int cells) {
        if (this == HILBERT) {
            int side = Hilbert.side(Hilbert.order(Math.max(1, cells)));
            return new int[] { side, side };
        }
        return new int[] { LINEAR_WIDTH, Math.max(1, (cells + LINEAR_WIDTH - 1) / LINEAR_WIDTH) };
    }

    /** The x, y (in cells) of cell {@code d} of a map of {@code cells} cells. */
    Hilbert.Point place(int cells, int d) {
        return this == HILBERT ? Hilbert.point(Hilbert.order(Math.max(1, cells)), d) : Hilbert.rowMajor(LINEAR_WIDTH, d);
    }
}

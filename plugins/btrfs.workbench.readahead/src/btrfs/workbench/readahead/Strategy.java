package btrfs.workbench.readahead;

/** How the engine reads a control's blocks. */
public enum Strategy {
    /**
     * The port of the kernel's reada.c: extents shared by all controls, zones per block group
     * per device, every device reading its current zone in ascending order, up to
     * {@link ReadaheadConfig#maxInFlightPerDevice()} reads at once per device, mirrored zones
     * locked against their peers. The default.
     */
    READA("reada"),
    /**
     * The baseline users compare against: depth-first in key order, one read at a time over the
     * whole engine, always the first usable mirror. Reads the same blocks as {@link #READA}.
     */
    NAIVE("naive");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    /** "reada" or "naive", as on the command line and in snapshots. */
    public String label() {
        return label;
    }

    /** The strategy named {@code label} ("reada" or "naive"). */
    public static Strategy of(String label) {
        for (Strategy s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown readahead strategy '" + label + "' (reada or naive)");
    }
}

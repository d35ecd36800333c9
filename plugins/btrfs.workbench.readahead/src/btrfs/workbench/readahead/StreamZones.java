package btrfs.workbench.readahead;

/**
 * When the reada strategy streams the tree block groups ({@link ZoneStream}) instead of reading
 * block by block. v4.19 had no streaming: its engine, the naive walk and scrub never stream.
 */
public enum StreamZones {
    /** Never: every block is read on its own or coalesced with its queued neighbours. */
    OFF("off"),
    /**
     * When the trees one batch of controls reads whole hold enough of the bytes the stream would
     * read ({@link ReadaheadConfig#streamDensity()}, 30 %): the stream reads the tree block groups
     * but their large free ranges, and pays only where the wanted blocks make those dense. Measured on the cold-cache
     * benchmark's arrays: every tree, or the fs tree alone (half of the metadata there), streamed
     * faster than per block on every array and loop mode; a small tree alone (the extent tree, 1 %)
     * ten times slower (docs/benchmarks.md, "Zone streaming").
     */
    AUTO("auto"),
    /** Whenever a control reads a whole tree. */
    ON("on");

    private final String label;

    StreamZones(String label) {
        this.label = label;
    }

    /** "off", "auto" or "on", as in the launch dialog and the docs. */
    public String label() {
        return label;
    }
}

package btrfs.workbench.readahead;

/**
 * When the reada strategy streams the tree block groups ({@link ZoneStream}) instead of reading
 * block by block. v4.19 had no streaming: its engine, the naive walk and scrub never stream.
 */
public enum StreamZones {
    /** Never: every block is read on its own or coalesced with its queued neighbours. */
    OFF("off"),
    /**
     * When one batch of controls reads every tree of the filesystem whole: then every tree block
     * group is dense with wanted blocks. Why not for fewer trees: in the cold-cache benchmark all
     * trees streamed ran faster on every array and loop mode, the fs tree alone (about half of the
     * metadata) slower on three of sixteen (docs/benchmarks.md, "Zone streaming").
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

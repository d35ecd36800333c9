package btrfs.workbench.bench.measure;

/** What a method reads: the fs tree (tree 5) or every tree of the filesystem. */
public enum Scope {
    FS("fs tree"),
    ALL("all trees");

    private final String label;

    Scope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package btrfs.workbench.bench.measure;

/**
 * One measured way of reading metadata.
 * <p>
 * The limit reads all metadata (every copy of every tree-block block group from end to end); the
 * one-copy limit, the floor, reads each block group once, its mirrors sharing the work: what any
 * reader of all metadata must read at least, the yardstick of the readahead. The peers read as btrfs-progs do: dump-tree the fs tree,
 * check every tree.
 */
public enum Method {
    LIMIT("limit", Scope.ALL, "sequential 1 MiB reads of every metadata and system block group, devices in parallel"),
    LIMIT_ONE_COPY("limit one copy", Scope.ALL, "one copy of every metadata and system block group, split across "
            + "its mirrors, sequential 1 MiB reads, devices in parallel: the floor of reading the metadata once"),
    READA_FS("reada", Scope.FS, "this engine's defaults: where the fs tree holds 30 % of the tree block groups' "
            + "bytes (and under 75 %), its nodes read per block, then the leaves they name streamed, else reada.c's "
            + "order, nearby blocks coalesced into reads of up to 1 MiB"),
    READA_ALL("reada", Scope.ALL, "this engine's defaults, one control per tree, all at once: the tree block "
            + "groups streamed where the trees hold 30 % of their bytes"),
    NO_STREAM_FS("reada --no-stream-zones", Scope.FS, "this engine reading only the blocks the walk of the fs "
            + "tree wants: the per-block path"),
    NO_STREAM_DIRECT_FS("reada --no-stream-zones --direct", Scope.FS, "the per-block path reading the fs tree's "
            + "blocks with O_DIRECT: only the wanted blocks (and the holes coalesced reads read through), against "
            + "the stream's every tree block group"),
    NO_STREAM_ALL("reada --no-stream-zones", Scope.ALL, "this engine reading only the blocks the walk wants, "
            + "coalescing: the per-block path the options below vary"),
    WHOLE_STREAM_FS("reada --no-stream-leaves", Scope.FS, "the defaults, but streaming the tree block groups "
            + "whole, every tree's blocks, instead of the fs tree's nodes first and then its leaves"),
    HELP_FS("reada --stream-help", Scope.FS, "the defaults, but while streaming a device that has read its share "
            + "reads the rest of a slower mirror's from its own copy"),
    HELP_ALL("reada --stream-help", Scope.ALL, "the defaults, but while streaming a device that has read its share "
            + "reads the rest of a slower mirror's from its own copy"),
    NO_HUGE_FS("reada --no-huge-pages", Scope.FS, "the defaults, but reading into ordinary 4 KiB pages: a device's "
            + "segment limit cuts each large read into several requests"),
    NO_HUGE_ALL("reada --no-huge-pages", Scope.ALL, "the defaults, but reading into ordinary 4 KiB pages: a device's "
            + "segment limit cuts each large read into several requests"),
    BACK_TO_BACK_ALL("reada --no-stream-zones --coalesce-gap 0", Scope.ALL, "the per-block path coalescing only "
            + "blocks that lie back to back"),
    UNCOALESCED_ALL("reada --no-stream-zones --no-coalesce", Scope.ALL, "the per-block path reading every block "
            + "on its own, as reada.c did"),
    DEEP_ALL("reada --no-stream-zones --max-in-flight 32", Scope.ALL, "the per-block path with 32 reads in flight "
            + "per device instead of reada.c's 6: whether deeper device queues pay"),
    WIDE_GAP_ALL("reada --no-stream-zones --coalesce-gap 1M", Scope.ALL, "the per-block path reading through "
            + "holes of up to 1 MiB between queued blocks: stretches of a block group read sequentially, the "
            + "unwanted bytes dropped"),
    NORMAL_FS("reada --priority normal", Scope.FS, "this engine with its threads at normal I/O and CPU priority"),
    NORMAL_ALL("reada --priority normal", Scope.ALL, "this engine with its threads at normal I/O and CPU priority"),
    NAIVE_FS("naive", Scope.FS, "this engine's baseline: depth first, one read at a time, through the page cache "
            + "(whose own readahead may prefetch the device's next bytes)"),
    NAIVE_DIRECT_FS("naive --direct", Scope.FS, "the baseline reading with O_DIRECT: exactly one block per read, "
            + "nothing prefetched under it"),
    NAIVE_NORMAL_FS("naive --priority normal", Scope.FS, "the baseline with its thread at normal I/O and CPU priority"),
    DIRECT_FS("reada --direct", Scope.FS, "this engine reading with O_DIRECT"),
    DIRECT_ALL("reada --direct", Scope.ALL, "this engine reading with O_DIRECT"),
    DUMP_TREE("dump-tree", Scope.FS, "btrfs inspect-internal dump-tree -t fs >/dev/null"),
    CHECK("check", Scope.ALL, "btrfs check --readonly");

    private final String label;
    private final Scope scope;
    private final String description;

    Method(String label, Scope scope, String description) {
        this.label = label;
        this.scope = scope;
        this.description = description;
    }

    /** Stable id for the JSON: label and scope, e.g. {@code reada-fs}, {@code reada-no-coalesce-all}. */
    public String id() {
        return label.replace(" --", "-").replace(' ', '-') + "-" + scope.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public Scope scope() {
        return scope;
    }

    public String description() {
        return description;
    }

    /** The method of {@link #id()}; for reading results back. */
    public static Method of(String id) {
        for (Method m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no benchmark method '" + id + "'");
    }
}

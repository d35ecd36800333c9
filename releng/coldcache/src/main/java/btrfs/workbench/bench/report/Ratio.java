package btrfs.workbench.bench.report;

import java.util.Optional;

import btrfs.workbench.bench.measure.Method;

/**
 * The ratios the table names, with the acceptance bounds where one is set (issue 18's: checked on
 * every array). The headline is the engine against the floor, one copy of the metadata read at
 * the devices' bandwidth.
 */
public enum Ratio {
    READA_FLOOR_ALL("reada / floor, all trees", "all trees", Method.READA_ALL, Method.LIMIT_ONE_COPY, Bound.AT_MOST, 1.3),
    READA_FLOOR_FS("reada / floor, fs tree", "fs tree", Method.READA_FS, Method.LIMIT_ONE_COPY, Bound.AT_MOST, 1.5),
    /** Against every copy (issue 9's yardstick): it reads more than a reader needs, so it flatters. */
    READA_LIMIT("reada / limit", "all trees", Method.READA_ALL, Method.LIMIT, Bound.NONE, 0),
    /**
     * Issue 9's "naive / reada", like for like: both read with O_DIRECT, so that "one read at a
     * time" is what reaches the device. Through the page cache the naive walk is not naive: the
     * kernel's own readahead on the device (read_ahead_kb, 2.5 MiB on the bench's loop devices)
     * prefetches the bytes after each block it reads, and a depth-first walk often reads on there.
     */
    NAIVE_READA("naive / reada, O_DIRECT", "fs tree", Method.NAIVE_DIRECT_FS, Method.DIRECT_FS, Bound.AT_LEAST, 3),
    NAIVE_CACHED_READA("naive / reada, page cache", "fs tree", Method.NAIVE_FS, Method.READA_FS, Bound.AT_LEAST, 3),
    DUMP_TREE_READA("dump-tree / reada", "fs tree", Method.DUMP_TREE, Method.READA_FS, Bound.AT_LEAST, 5),
    CHECK_READA("check / reada", "all trees", Method.CHECK, Method.READA_ALL, Bound.AT_LEAST, 7),
    DIRECT_READA("direct / reada", "fs tree", Method.DIRECT_FS, Method.READA_FS, Bound.NONE, 0),
    /** All trees without streaming (the per-block path): what the default's stream gains. */
    NO_STREAM_FLOOR_ALL("no-stream-zones / floor, all trees", "all trees", Method.NO_STREAM_ALL,
            Method.LIMIT_ONE_COPY, Bound.NONE, 0),
    /** The fs tree without streaming: what the stream gains where the fs tree makes it dense. */
    NO_STREAM_FLOOR_FS("no-stream-zones / floor, fs tree", "fs tree", Method.NO_STREAM_FS, Method.LIMIT_ONE_COPY,
            Bound.NONE, 0),
    /**
     * The fs tree per block with O_DIRECT, against the defaults (which stream it where it holds 30 %
     * of the tree block groups' bytes): fewer bytes read against larger reads and less CPU per block.
     */
    NO_STREAM_DIRECT_READA_FS("no-stream-zones --direct / reada, fs tree", "fs tree", Method.NO_STREAM_DIRECT_FS,
            Method.READA_FS, Bound.NONE, 0),
    /** The whole stream against leaves first (the default for the fs tree): what reading only its leaves gains. */
    WHOLE_STREAM_READA_FS("no-stream-leaves / reada, fs tree", "fs tree", Method.WHOLE_STREAM_FS, Method.READA_FS,
            Bound.NONE, 0),
    /** The stream with its peers' help, against the defaults: what helping a slower mirror gains. */
    HELP_READA_ALL("stream-help / reada, all trees", "all trees", Method.HELP_ALL, Method.READA_ALL, Bound.NONE, 0),
    HELP_READA_FS("stream-help / reada, fs tree", "fs tree", Method.HELP_FS, Method.READA_FS, Bound.NONE, 0),
    /** The defaults in ordinary pages, against the defaults in huge pages: what huge pages gain. */
    NO_HUGE_READA_ALL("no-huge-pages / reada, all trees", "all trees", Method.NO_HUGE_ALL, Method.READA_ALL,
            Bound.NONE, 0),
    NO_HUGE_READA_FS("no-huge-pages / reada, fs tree", "fs tree", Method.NO_HUGE_FS, Method.READA_FS, Bound.NONE, 0),
    DIRECT_FLOOR_ALL("direct / floor, all trees", "all trees", Method.DIRECT_ALL, Method.LIMIT_ONE_COPY,
            Bound.NONE, 0),
    DIRECT_FLOOR_FS("direct / floor, fs tree", "fs tree", Method.DIRECT_FS, Method.LIMIT_ONE_COPY, Bound.NONE, 0),
    /** The per-block path's options, each against the per-block path with the defaults. */
    BACK_TO_BACK_READA("gap 0 / no-stream", "all trees", Method.BACK_TO_BACK_ALL, Method.NO_STREAM_ALL, Bound.NONE, 0),
    UNCOALESCED_READA("no-coalesce / no-stream", "all trees", Method.UNCOALESCED_ALL, Method.NO_STREAM_ALL,
            Bound.NONE, 0),
    DEEP_READA("max-in-flight 32 / no-stream", "all trees", Method.DEEP_ALL, Method.NO_STREAM_ALL, Bound.NONE, 0),
    WIDE_GAP_READA("gap 1M / no-stream", "all trees", Method.WIDE_GAP_ALL, Method.NO_STREAM_ALL, Bound.NONE, 0),
    NORMAL_READA("priority normal / reada", "all trees", Method.NORMAL_ALL, Method.READA_ALL, Bound.NONE, 0),
    /** The page-cache ratio with both sides at normal priority: the background slows the engine more than the walk. */
    NAIVE_READA_NORMAL("naive / reada, page cache, --priority normal", "fs tree", Method.NAIVE_NORMAL_FS,
            Method.NORMAL_FS, Bound.NONE, 0);

    /** Which side of the bound passes. */
    public enum Bound {
        AT_MOST("≤"),
        AT_LEAST("≥"),
        NONE("");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String label;
    private final String scope;
    private final Method numerator;
    private final Method denominator;
    private final Bound bound;
    private final double limit;

    Ratio(String label, String scope, Method numerator, Method denominator, Bound bound, double limit) {
        this.label = label;
        this.scope = scope;
        this.numerator = numerator;
        this.denominator = denominator;
        this.bound = bound;
        this.limit = limit;
    }

    public String label() {
        return label;
    }

    public String scope() {
        return scope;
    }

    public Method numerator() {
        return numerator;
    }

    public Method denominator() {
        return denominator;
    }

    public Bound bound() {
        return bound;
    }

    public double limit() {
        return limit;
    }

    /** Whether {@code value} passes; empty for ratios without a bound. */
    public Optional<Boolean> passes(double value) {
        return switch (bound) {
            case AT_MOST -> Optional.of(value <= limit);
            case AT_LEAST -> Optional.of(value >= limit);
            case NONE -> Optional.empty();
        };
    }
}

package btrfs.workbench.bench.report;

import java.util.Optional;

import btrfs.workbench.bench.measure.Method;

/**
 * The ratios the table names, with the acceptance bounds of issue 9 where it sets one (checked on
 * the first array, the 4-device RAID1).
 */
public enum Ratio {
    READA_LIMIT("reada / limit", "all trees", Method.READA_ALL, Method.LIMIT, Bound.AT_MOST, 1.3),
    NAIVE_READA("naive / reada", "fs tree", Method.NAIVE_FS, Method.READA_FS, Bound.AT_LEAST, 3),
    DUMP_TREE_READA("dump-tree / reada", "fs tree", Method.DUMP_TREE, Method.READA_FS, Bound.AT_LEAST, 2),
    CHECK_READA("check / reada", "all trees", Method.CHECK, Method.READA_ALL, Bound.NONE, 0),
    DIRECT_READA("direct / reada", "fs tree", Method.DIRECT_FS, Method.READA_FS, Bound.NONE, 0),
    BACK_TO_BACK_READA("gap 0 / reada", "all trees", Method.BACK_TO_BACK_ALL, Method.READA_ALL, Bound.NONE, 0),
    UNCOALESCED_READA("no-coalesce / reada", "all trees", Method.UNCOALESCED_ALL, Method.READA_ALL, Bound.NONE, 0),
    NORMAL_READA("priority normal / reada", "all trees", Method.NORMAL_ALL, Method.READA_ALL, Bound.NONE, 0);

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

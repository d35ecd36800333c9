package btrfs.workbench.ui.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.io.IoModel;

/**
 * What the Launch readahead dialog asks for: the array, its trees (one control each), the key
 * range, the strategy, reads in flight per device, the pacing, O_DIRECT, scrub (every copy of
 * every block read and compared) and following (leaves, restarts) — these two need reada — and
 * the file the run is recorded to ({@code record}, null: not recorded).
 */
public record LaunchSettings(BtrfsArray array, List<TreeRoot> trees, Key start, Key end, Strategy strategy,
        int maxInFlight, IoModel io, boolean direct, boolean scrub, Following following, Path record) {

    public LaunchSettings {
        Objects.requireNonNull(array, "array");
        trees = List.copyOf(trees);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(following, "following");
        if (scrub && strategy != Strategy.READA) {
            throw new IllegalArgumentException("Scrub needs the reada strategy.");
        }
        if (following.any() && strategy != Strategy.READA) {
            throw new IllegalArgumentException("Following leaves and restarting need the reada strategy.");
        }
    }

    /** The array's label, or its fsid when it has none. */
    public String arrayName() {
        return array.label().isEmpty() ? array.fsid().toString() : array.label();
    }
}

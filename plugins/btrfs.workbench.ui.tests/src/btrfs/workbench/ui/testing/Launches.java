package btrfs.workbench.ui.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.ui.run.LaunchSettings;

/** What the Launch readahead dialog would produce, for tests that start runs directly. */
public final class Launches {

    private Launches() {
    }

    /** Every tree of {@code array}, whole key range, reada, the kernel's reads in flight, paced by {@code io}. */
    public static LaunchSettings allTrees(BtrfsArray array, IoModel io) {
        return new LaunchSettings(array, trees(array), Key.MIN, Key.MAX, Strategy.READA,
                ReadaheadConfig.MAX_IN_FLIGHT, io, false, false, Following.NONE);
    }

    /** {@link #allTrees} reduced to the tree with objectid {@code id}. */
    public static LaunchSettings oneTree(BtrfsArray array, IoModel io, long id) {
        LaunchSettings all = allTrees(array, io);
        return with(all, all.trees().stream().filter(t -> t.id() == id).toList(), all.scrub(), all.following());
    }

    /** {@code s} with other trees, scrub and following. */
    public static LaunchSettings with(LaunchSettings s, List<TreeRoot> trees, boolean scrub, Following following) {
        return new LaunchSettings(s.array(), trees, s.start(), s.end(), s.strategy(), s.maxInFlight(), s.io(),
                s.direct(), scrub, following);
    }

    private static List<TreeRoot> trees(BtrfsArray array) {
        FilesystemOpen opened = BtrfsFilesystem.openPaths(array.devices().stream().map(ArrayDevice::readPath).toList());
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem()) {
            return fs.treeRoots();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

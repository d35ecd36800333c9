package btrfs.workbench.ui.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

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
import btrfs.workbench.ui.ScanTargets;
import btrfs.workbench.ui.launch.LaunchReadaheadAction;
import btrfs.workbench.ui.run.LaunchSettings;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.views.ArraysView;

/** What the Launch readahead dialog would produce, for tests that start runs directly. */
public final class Launches {

    private Launches() {
    }

    /** Scans {@code dir} in the Arrays view, as its Refresh does, and returns the first array found. */
    public static BtrfsArray scanned(Path dir) throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ArraysView arrays = (ArraysView) page.showView(ArraysView.ID);
        ScanTargets.set(List.of(dir));
        Job scan = arrays.rescan();
        UiWait.until("scan shown", () -> scan.getResult() != null && arrays.viewer().getInput() == arrays.result());
        return arrays.result().arrays().get(0);
    }

    /** Launches {@code settings} as Readahead > Launch readahead... does and waits until the run ended. */
    public static RunJob runToEnd(LaunchSettings settings) {
        RunJob job = new LaunchReadaheadAction(PlatformUI.getWorkbench().getActiveWorkbenchWindow()).launch(settings);
        UiWait.until("run finished", () -> job.getResult() != null && job.live() != null && job.live().frame() != null
                && job.live().frame().finished());
        return job;
    }

    /** Every tree of {@code array}, whole key range, reada, the kernel's reads in flight, paced by {@code io}. */
    public static LaunchSettings allTrees(BtrfsArray array, IoModel io) {
        return new LaunchSettings(array, trees(array), Key.MIN, Key.MAX, Strategy.READA,
                ReadaheadConfig.MAX_IN_FLIGHT, io, false, false, Following.NONE, null);
    }

    /** {@link #allTrees} reduced to the tree with objectid {@code id}. */
    public static LaunchSettings oneTree(BtrfsArray array, IoModel io, long id) {
        LaunchSettings all = allTrees(array, io);
        return with(all, all.trees().stream().filter(t -> t.id() == id).toList(), all.scrub(), all.following());
    }

    /** {@code s} with other trees, scrub and following. */
    public static LaunchSettings with(LaunchSettings s, List<TreeRoot> trees, boolean scrub, Following following) {
        return new LaunchSettings(s.array(), trees, s.start(), s.end(), s.strategy(), s.maxInFlight(), s.io(),
                s.direct(), scrub, following, s.record());
    }

    /** {@code s} recorded to {@code file}. */
    public static LaunchSettings recorded(LaunchSettings s, Path file) {
        return new LaunchSettings(s.array(), s.trees(), s.start(), s.end(), s.strategy(), s.maxInFlight(), s.io(),
                s.direct(), s.scrub(), s.following(), file);
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

package btrfs.workbench.ui.testing;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.session.OpenArray;
import btrfs.workbench.session.Priority;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.ui.handlers.LaunchReadaheadHandler;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.views.ArraysView;

/** What the Launch readahead dialog would produce, for tests that start runs directly. */
public final class Launches {

    private Launches() {
    }

    /** Scans {@code dir} in the Arrays view, as its Refresh does, and returns the first array found. */
    public static BtrfsArray scanned(Path dir) throws PartInitException {
        return scanned(List.of(dir));
    }

    /** Scans {@code targets} (devices, images, directories) in the Arrays view; the first array found. */
    public static BtrfsArray scanned(List<Path> targets) throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ArraysView arrays = (ArraysView) page.showView(ArraysView.ID);
        ArrayCatalog.workbench().setTargets(targets);
        Job scan = arrays.rescan();
        UiWait.until("scan shown", () -> scan.getResult() != null && arrays.viewer().getInput() == arrays.result());
        return arrays.result().arrays().get(0);
    }

    /** Launches {@code spec} on {@code array} as OK in the Launch readahead dialog does. */
    public static RunJob launch(BtrfsArray array, RunSpec spec) {
        return LaunchReadaheadHandler.launch(spec, ArrayCatalog.nameOf(array));
    }

    /** {@link #launch} and waits until the run ended. */
    public static RunJob runToEnd(BtrfsArray array, RunSpec spec) {
        RunJob job = launch(array, spec);
        UiWait.until("run finished", () -> job.getResult() != null && job.live() != null && job.live().frame() != null
                && job.live().frame().finished());
        return job;
    }

    /**
     * Every tree of {@code array}, whole key range, the dialog's defaults (reada, the kernel's
     * reads in flight, coalescing, a watched run's priority), paced by {@code io}.
     */
    public static RunSpec allTrees(BtrfsArray array, IoModel io) {
        return allTrees(array.devices().stream().map(ArrayDevice::path).toList(), io);
    }

    /** {@link #allTrees(BtrfsArray, IoModel)} of the array on {@code devices} (opened to list its trees). */
    public static RunSpec allTrees(List<Path> devices, IoModel io) {
        try (OpenArray array = OpenArray.open(devices, false)) {
            List<Long> trees = array.filesystem().treeRoots().stream().map(TreeRoot::id).toList();
            return RunSpec.builder().devices(devices).trees(trees).io(io).priority(Priority.NORMAL).build();
        } catch (SessionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #allTrees} reduced to the tree with objectid {@code id}. */
    public static RunSpec oneTree(BtrfsArray array, IoModel io, long id) {
        return allTrees(array, io).toBuilder().trees(List.of(id)).build();
    }
}

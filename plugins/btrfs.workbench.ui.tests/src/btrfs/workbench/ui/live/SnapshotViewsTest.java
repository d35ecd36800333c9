package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.ScanTargets;
import btrfs.workbench.ui.launch.LaunchReadaheadAction;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.SnapshotRun;
import btrfs.workbench.ui.snapshot.SnapshotActions;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;
import btrfs.workbench.ui.views.ArraysView;

/** A snapshot saved mid-run opens in the same views, marked as a snapshot, and they show what was saved. */
class SnapshotViewsTest {

    @TempDir
    Path scratch;

    @Test
    void aMidRunSnapshotOpensInTheViews() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ArraysView arrays = (ArraysView) page.showView(ArraysView.ID);
        ScanTargets.set(List.of(TestArrays.named("raid10-xxhash-16k").dir()));
        Job scan = arrays.rescan();
        UiWait.until("scan", () -> scan.getResult() != null && arrays.viewer().getInput() == arrays.result());
        BtrfsArray array = arrays.result().arrays().get(0);
        RunJob job = new LaunchReadaheadAction(page.getWorkbenchWindow())
                .launch(Launches.allTrees(array, new IoModel(Duration.ofMillis(50), 0, false)));
        UiWait.until("mid-run", () -> job.live() != null && job.live().frame().engine().totals().reads() > 20);
        Path file = scratch.resolve("mid-run.json");
        assertTrue(SnapshotActions.save(page.getWorkbenchWindow().getShell(), job.live(), file));
        job.cancel();
        UiWait.until("stopped", () -> job.getResult() != null);

        SnapshotRun opened = SnapshotActions.open(page.getWorkbenchWindow().getShell(), file);
        ZonesView zones = (ZonesView) page.showView(ZonesView.ID);
        HeatmapView heatmap = (HeatmapView) page.showView(HeatmapView.ID);
        UiWait.until("snapshot shown", () -> heatmap.paintedFrame() == opened.frame() && !heatmap.placed().isEmpty());
        assertTrue(heatmap.getPartName().contains("snapshot"), heatmap.getPartName());
        assertEquals(opened.snapshot().heatmap(), heatmap.paintedFrame().heat());
        Screenshots.save(heatmap.getSite().getShell(), "snapshot-opened.png");
        page.activate(zones);
        UiWait.until("zones shown", () -> zones.shownFrame() == opened.frame());
        List<DeviceSnapshot> devices = opened.snapshot().engine().devices();
        assertEquals(devices.size(), zones.viewer().getTree().getItemCount());
        for (int i = 0; i < devices.size(); i++) {
            assertEquals(devices.get(i).zones().size(), zones.viewer().getTree().getItem(i).getItemCount());
        }
        assertTrue(Files.size(file) > 0);
    }
}

package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.SnapshotRun;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.snapshot.SnapshotActions;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/** A snapshot saved mid-run opens in the same views, marked as a snapshot, and they show what was saved. */
class SnapshotViewsTest {

    @TempDir
    Path scratch;

    @Test
    void aMidRunSnapshotOpensInTheViews() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        BtrfsArray array = Launches.scanned(TestArrays.named("raid10-xxhash-16k").dir());
        RunJob job = Launches.launch(array, Launches.allTrees(array, new IoModel(Duration.ofMillis(50), 0, false)));
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

    /**
     * Acceptance 1 of issue 8: a mid-run snapshot of every multi-device array, saved and loaded,
     * is the same model, and the Heatmap and Zones views render it to the same pixels and rows
     * as the snapshot before it was saved.
     */
    @Test
    void everyMultiDeviceArrayRendersTheSameAfterSaveAndLoad() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        for (TestArray array : TestArrays.all().stream().filter(a -> a.numDevices() > 1).toList()) {
            DiagnosticSnapshot taken = midRun(array);
            Path file = scratch.resolve(array.name() + ".json.gz");
            SnapshotFiles.write(taken, file);
            DiagnosticSnapshot loaded = SnapshotFiles.read(file);
            assertTrue(taken.equals(loaded), array.name() + ": the loaded snapshot equals the one saved");
            Rendered before = render(page, new SnapshotRun(taken, file));
            Rendered after = render(page, new SnapshotRun(loaded, file));
            assertEquals(before.zoneRows(), after.zoneRows(), array.name() + ": zone rows");
            assertEquals(before.width(), after.width());
            assertArrayEquals(before.pixels(), after.pixels(), array.name() + ": heatmap pixels");
        }
    }

    /** What the Zones and Heatmap views showed of one run: every row's texts, the map's pixels. */
    private record Rendered(List<String> zoneRows, int width, byte[] pixels) {
    }

    private static Rendered render(IWorkbenchPage page, SnapshotRun run) throws Exception {
        RunRegistry.get().add(run);
        HeatmapView heatmap = (HeatmapView) page.showView(HeatmapView.ID);
        UiWait.until("heatmap painted", () -> heatmap.paintedFrame() == run.frame() && !heatmap.placed().isEmpty(),
                () -> "painted " + System.identityHashCode(heatmap.paintedFrame()) + " shown "
                        + System.identityHashCode(heatmap.shownFrame()) + " run " + System.identityHashCode(run.frame())
                        + " selected " + (RunRegistry.get().selected() == run) + " visible "
                        + heatmap.control().isVisible() + " placed " + heatmap.placed().size() + " page " + run.frame().queue()
                        + " painted page " + (heatmap.paintedFrame() == null ? null : heatmap.paintedFrame().queue()));
        ImageData pixels = LiveViewsTest.capture((Canvas) heatmap.control());
        ZonesView zones = (ZonesView) page.showView(ZonesView.ID);
        UiWait.until("zones shown", () -> zones.shownFrame() == run.frame());
        List<String> rows = new ArrayList<>();
        for (TreeItem device : zones.viewer().getTree().getItems()) {
            rows.add(texts(device, ZonesView.Column.values().length));
            for (TreeItem zone : device.getItems()) {
                rows.add(texts(zone, ZonesView.Column.values().length));
            }
        }
        return new Rendered(rows, pixels.width, pixels.data);
    }

    private static String texts(TreeItem item, int columns) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            line.append(item.getText(c)).append('|');
        }
        return line.toString();
    }

    /** A paced readahead of every tree, snapshotted once some blocks were read. */
    private static DiagnosticSnapshot midRun(TestArray array) throws Exception {
        RunSpec spec = Launches.allTrees(array.unpackedImages(), new IoModel(Duration.ofMillis(5), 0, false));
        try (LiveRun run = ArraySession.launch(spec, "test")) {
            while (run.engine().snapshot().totals().reads() < 20) {
                Thread.sleep(5);
            }
            DiagnosticSnapshot taken = run.snapshot();
            run.cancel();
            return taken;
        }
    }
}

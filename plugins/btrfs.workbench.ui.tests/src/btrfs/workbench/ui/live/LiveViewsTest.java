package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.ScanTargets;
import btrfs.workbench.ui.launch.LaunchReadaheadAction;
import btrfs.workbench.ui.run.LiveRun;
import btrfs.workbench.ui.run.RunFrame;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;
import btrfs.workbench.ui.views.ArraysView;

/**
 * A paced readahead of every tree of a multi-zone RAID1 array, launched as the GUI launches it:
 * mid-run every live view shows exactly the frame it was last given (the engine's snapshot at
 * that instant), then the run finishes and keeps its final state on screen.
 */
class LiveViewsTest {

    /** Slow enough that the run is still going while the widgets are compared (a few seconds). */
    private static final IoModel PACE = new IoModel(Duration.ofMillis(25), 0, false);

    private static <T> T show(String id, Class<T> type) throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return type.cast(page.showView(id));
    }

    private static BtrfsArray scanned(TestArray array) throws Exception {
        ArraysView arrays = show(ArraysView.ID, ArraysView.class);
        ScanTargets.set(List.of(array.dir()));
        Job scan = arrays.rescan();
        UiWait.until("scan shown", () -> scan.getResult() != null && arrays.viewer().getInput() == arrays.result());
        return arrays.result().arrays().get(0);
    }

    @Test
    void everyViewShowsTheEnginesSnapshotMidRunAndTheFinalStateAfter() throws Exception {
        BtrfsArray array = scanned(TestArrays.named("raid1-blake2-16k"));
        ZonesView zones = show(ZonesView.ID, ZonesView.class);
        QueueView queue = show(QueueView.ID, QueueView.class);
        PointersView pointers = show(PointersView.ID, PointersView.class);
        RunsView runs = show(RunsView.ID, RunsView.class);
        RunJob job = new LaunchReadaheadAction(PlatformUI.getWorkbench().getActiveWorkbenchWindow())
                .launch(Launches.allTrees(array, PACE));
        UiWait.until("run mid-way", () -> job.live() != null && RunRegistry.get().selected() == job.live()
                && midRun(zones.shownFrame()) && queue.shownFrame() == zones.shownFrame()
                && pointers.shownFrame() == zones.shownFrame() && someQueuedRowsArrived(queue));
        LiveRun run = job.live();

        assertZones(zones);
        assertQueue(queue);
        assertPointers(pointers);
        assertRuns(runs, run);
        capture(zones, "zones.png");
        capture(queue, "queue.png");
        capture(pointers, "pointers.png");
        capture(runs, "runs.png");
        Screenshots.save(zones.getSite().getShell(), "live-views.png");

        UiWait.until("run finished", () -> job.getResult() != null && zones.shownFrame() != null
                && zones.shownFrame().finished());
        RunFrame last = zones.shownFrame();
        assertEquals(0, last.engine().totals().inFlight());
        assertTrue(last.controls().stream().allMatch(ControlSnapshot::finished));
        assertRuns(runs, run);
        assertFalse(runs.table().getTable().getItemCount() == 0, "finished runs stay listed");
    }

    /** Brings the view to the front of its folder, then saves what it shows. */
    private static void capture(RunView view, String name) throws Exception {
        view.getSite().getPage().activate(view);
        UiWait.until(name + " painted", () -> view.control().isVisible());
        Screenshots.save(view.control().getParent(), name);
    }

    private static boolean midRun(RunFrame frame) {
        return frame != null && !frame.finished() && frame.engine().totals().reads() > 30
                && frame.engine().devices().stream().anyMatch(d -> d.currZone() != null && d.queued() > 3);
    }

    private static boolean someQueuedRowsArrived(QueueView queue) {
        return queue.row(0) != null;
    }

    /** Device rows, zone rows, the current zone and the pointer offset as the snapshot has them. */
    private static void assertZones(ZonesView view) {
        RunFrame frame = view.shownFrame();
        Tree tree = view.viewer().getTree();
        List<DeviceSnapshot> devices = frame.engine().devices();
        assertEquals(devices.size(), tree.getItemCount());
        for (int i = 0; i < devices.size(); i++) {
            DeviceSnapshot device = devices.get(i);
            TreeItem row = tree.getItem(i);
            assertEquals("devid " + device.devid(), row.getText(ZonesView.Column.NAME.ordinal()));
            assertEquals(Integer.toString(device.inFlight()), row.getText(ZonesView.Column.IN_FLIGHT.ordinal()));
            assertEquals(Integer.toString(device.queued()), row.getText(ZonesView.Column.QUEUED.ordinal()));
            assertEquals(device.zones().size(), row.getItemCount(), "zones of devid " + device.devid());
            for (int j = 0; j < device.zones().size(); j++) {
                ZoneSnapshot zone = device.zones().get(j);
                TreeItem zoneRow = row.getItem(j);
                assertEquals(Long.toString(zone.start()), zoneRow.getText(ZonesView.Column.START.ordinal()));
                assertEquals(Long.toString(zone.end()), zoneRow.getText(ZonesView.Column.END.ordinal()));
                assertEquals(Long.toString(zone.elems()), zoneRow.getText(ZonesView.Column.ELEMS.ordinal()));
                assertEquals(zone.locked() ? "locked" : "", zoneRow.getText(ZonesView.Column.LOCKED.ordinal()));
                assertEquals(zone.current() ? "+" + (device.readaNext() - zone.start()) : "",
                        zoneRow.getText(ZonesView.Column.POINTER.ordinal()));
            }
        }
    }

    /** The visible rows are the device's queue in read order, as the engine listed it. */
    private static void assertQueue(QueueView view) {
        RunFrame frame = view.shownFrame();
        DeviceSnapshot device = RunView.selectedDevice(frame);
        Table table = view.viewer().getTable();
        assertEquals(device.queued(), table.getItemCount());
        List<ExtentSnapshot> page = frame.queue().extents();
        assertEquals(device.devid(), frame.queue().devid());
        int shown = Math.min(page.size(), 10);
        assertTrue(shown > 0, "some queued extents are on screen");
        for (int i = 0; i < shown; i++) {
            TableItem item = table.getItem(frame.queue().from() + i);
            assertEquals(Long.toString(page.get(i).logical()), item.getText(QueueView.Column.LOGICAL.ordinal()));
            assertEquals(Long.toString(page.get(i).physical()), item.getText(QueueView.Column.PHYSICAL.ordinal()));
        }
    }

    private static void assertPointers(PointersView view) {
        RunFrame frame = view.shownFrame();
        List<PointersView.Strip> strips = view.strips();
        assertEquals(frame.engine().devices().size(), strips.size());
        for (int i = 0; i < strips.size(); i++) {
            DeviceSnapshot device = frame.engine().devices().get(i);
            PointersView.Strip strip = strips.get(i);
            assertEquals(device.devid(), strip.devid());
            assertEquals(device.currZone() == null ? -1 : device.currZone().start(), strip.currentZoneStart());
            assertEquals(device.readaNext(), strip.pointer());
            assertEquals(device.inFlight(), strip.inFlight());
        }
    }

    private static void assertRuns(RunsView view, LiveRun run) {
        Table table = view.table().getTable();
        List<ControlSnapshot> controls = run.frame().controls();
        int matched = 0;
        for (TableItem item : table.getItems()) {
            RunsView.Row row = (RunsView.Row) item.getData();
            if (row.run() == run) {
                ControlSnapshot c = row.control();
                assertEquals(Long.toString(c.blocks()), item.getText(RunsView.Column.BLOCKS.ordinal()));
                assertEquals(c.label(), item.getText(RunsView.Column.TREE.ordinal()));
                matched++;
            }
        }
        assertEquals(controls.size(), matched);
    }
}

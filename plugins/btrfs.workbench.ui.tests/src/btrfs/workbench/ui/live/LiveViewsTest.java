package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ZoneSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.RunFrame;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/**
 * A paced readahead of every tree of a multi-zone RAID10 array, launched as the GUI launches it:
 * mid-run every live view shows exactly the frame it was last given (the engine's snapshot at
 * that instant), then the run finishes and keeps its final state on screen.
 */
class LiveViewsTest {

    /** Slow enough that the run is still going while the widgets are compared (a few seconds). */
    private static final IoModel PACE = new IoModel(Duration.ofMillis(100), 0, false);

    /** How long the screen may lag behind the heatmap's last paint. */
    private static final Duration SCREEN_LAG = Duration.ofSeconds(2);

    /** A test that failed mid-run leaves no run reading into the next one's shared engine. */
    @AfterEach
    void stopRunsStillReading() {
        for (RunSource source : RunRegistry.get().runs()) {
            if (source instanceof LiveRun run && !run.isFinished()) {
                run.cancel();
                UiWait.until("run stopped", run::isFinished);
            }
        }
    }

    private static <T> T show(String id, Class<T> type) throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return type.cast(page.showView(id));
    }

    private static BtrfsArray scanned(TestArray array) throws Exception {
        return Launches.scanned(array.dir());
    }

    @Test
    void everyViewShowsTheEnginesSnapshotMidRunAndTheFinalStateAfter() throws Exception {
        BtrfsArray array = scanned(TestArrays.named("raid1-blake2-16k"));
        ZonesView zones = show(ZonesView.ID, ZonesView.class);
        QueueView queue = show(QueueView.ID, QueueView.class);
        PointersView pointers = show(PointersView.ID, PointersView.class);
        RunsView runs = show(RunsView.ID, RunsView.class);
        HeatmapView heatmap = show(HeatmapView.ID, HeatmapView.class);
        // one block per read, no zone streaming (every tree would stream by default): the run lasts
        // about ten seconds, long enough to compare every view with the frame it shows mid-run
        RunJob job = Launches.launch(array, Launches.allTrees(array, PACE).toBuilder().coalesce(false)
                .streamZones(StreamZones.OFF).build());
        UiWait.until("run mid-way", () -> job.live() != null && RunRegistry.get().selected() == job.live()
                && midRun(pointers.shownFrame()), () -> "(live " + job.live() + ", selected "
                        + RunRegistry.get().selected() + ", job " + job.getResult() + ", pointers frame "
                        + (pointers.shownFrame() == null ? null : pointers.shownFrame().engine().totals()) + ", visible "
                        + pointers.control().isVisible() + ")");
        LiveRun run = job.live();

        assertPointers(pointers);
        assertRuns(runs, run);
        capture(pointers, "pointers.png");
        capture(runs, "runs.png");
        bringToFront(zones);
        assertZones(zones);
        capture(zones, "zones-raid1.png");
        bringToFront(queue);
        UiWait.until("queue rows", () -> someQueuedRowsArrived(queue));
        assertQueue(queue);
        capture(queue, "queue.png");
        // selecting another device's zone in the Zones view: the queue follows to that device
        bringToFront(zones);
        DeviceSnapshot other = zones.shownFrame().engine().devices().get(1);
        ZoneSnapshot otherZone = other.zones().isEmpty() ? null : other.zones().get(0);
        if (otherZone != null) {
            zones.viewer().setSelection(new StructuredSelection(new ZonesView.ZoneRow(other.devid(), otherZone.start())));
            assertEquals(other.devid(), RunRegistry.get().selectedDevice());
            assertEquals(otherZone.start(), RunRegistry.get().selectedZone());
            bringToFront(queue);
            assertTrue(queue.getContentDescription().startsWith("devid " + other.devid() + ":"),
                    queue.getContentDescription());
        }
        bringToFront(heatmap);
        assertHeatmap(heatmap);
        capture(heatmap, "heatmap.png");
        Screenshots.save(zones.getSite().getShell(), "live-views.png");
        assertFalse(heatmap.shownFrame().finished(), "all views were compared mid-run");

        UiWait.until("run finished", () -> job.getResult() != null);
        UiWait.until("the heatmap shows the run's last frame (" + job.getResult() + ", finished "
                + run.isFinished() + ")", () -> heatmap.shownFrame() != null && heatmap.shownFrame().finished());
        RunFrame last = heatmap.shownFrame();
        assertTrue(last.heat().devices().stream().allMatch(h -> h.cellCounts().getOrDefault(CellState.QUEUED, 0) == 0
                && h.cellCounts().getOrDefault(CellState.IN_FLIGHT, 0) == 0), "nothing left queued or in flight");
        capture(heatmap, "heatmap-final.png");
        assertEquals(0, last.engine().totals().inFlight());
        assertTrue(last.controls().stream().allMatch(ControlSnapshot::finished));
        assertRuns(runs, run);
        assertFalse(runs.table().getTable().getItemCount() == 0, "finished runs stay listed");
    }

    /**
     * A run with zone streaming, launched as the GUI launches it: the blocks the stream served show
     * in the heatmap as read (on the device that streamed them) though no read of their own was
     * queued, the run finishes with every control's blocks and no error, and nothing is left
     * queued or in flight.
     */
    @Test
    void aStreamedRunShowsItsBlocksReadInTheHeatmap() throws Exception {
        BtrfsArray array = scanned(TestArrays.named("raid1-blake2-16k"));
        HeatmapView heatmap = show(HeatmapView.ID, HeatmapView.class);
        RunSpec spec = Launches.allTrees(array, IoModel.NONE).toBuilder().streamZones(StreamZones.ON).build();
        RunJob job = Launches.runToEnd(array, spec);
        UiWait.until("the heatmap shows the run's last frame", () -> RunRegistry.get().selected() == job.live()
                && heatmap.shownFrame() != null && heatmap.shownFrame().finished());
        RunFrame last = heatmap.shownFrame();
        assertTrue(last.controls().stream().allMatch(c -> c.finished() && c.errors() == 0 && c.blocks() > 0),
                last.controls().toString());
        assertTrue(last.heat().devices().stream().allMatch(h -> h.cellCounts().getOrDefault(CellState.QUEUED, 0) == 0
                && h.cellCounts().getOrDefault(CellState.IN_FLIGHT, 0) == 0), "nothing left queued or in flight");
        assertTrue(last.heat().devices().stream().filter(h -> h.cellCounts().getOrDefault(CellState.READ, 0) > 0)
                .count() > 1, "the stream read on several devices at once");
        heatmap.getSite().getPage().activate(heatmap);
        UiWait.until("heatmap in front", () -> heatmap.control().isVisible());
        UiWait.pump(Duration.ofMillis(300));
        capture(heatmap, "heatmap-streamed.png");
    }

    /**
     * The Zones view of a RAID10 run shows what the engine holds, column by column: each zone's
     * peer (the device with the other copy of its stripe) and the locks mirrored reading sets.
     */
    @Test
    void theZonesOfAMirroredRunShowPeersAndLocks() throws Exception {
        BtrfsArray array = scanned(TestArrays.named("raid10-xxhash-16k"));
        ZonesView zones = show(ZonesView.ID, ZonesView.class);
        // one block per read, two in flight, no zone streaming: long enough to compare mid-run
        RunJob job = Launches.launch(array, Launches.allTrees(array, PACE).toBuilder().coalesce(false).maxInFlight(2)
                .streamZones(StreamZones.OFF).build());
        UiWait.until("run mid-way", () -> job.live() != null && RunRegistry.get().selected() == job.live()
                && midRun(zones.shownFrame()));
        assertZones(zones);
        assertTrue(zones.shownFrame().engine().devices().stream().flatMap(d -> d.zones().stream())
                .anyMatch(ZoneSnapshot::locked), "a RAID10 run locks peer zones");
        capture(zones, "zones.png");
        // four devices: every device's map whole on screen (the fourth was cut off at the right)
        HeatmapView heatmap = show(HeatmapView.ID, HeatmapView.class);
        bringToFront(heatmap);
        UiWait.until("the heatmap shows this run", () -> heatmap.paintedFrame() != null
                && heatmap.paintedFrame().heat().devices().size() == array.devices().size());
        Rectangle client = ((Canvas) heatmap.control()).getClientArea();
        assertEquals(4, heatmap.placed().size(), "a map per device");
        for (HeatmapView.Placed p : heatmap.placed()) {
            Rectangle box = p.bounds();
            assertTrue(client.contains(box.x, box.y) && client.contains(box.x + box.width - 1, box.y + box.height - 1),
                    "devid " + p.heat().devid() + " at " + box + " in " + client);
        }
        assertHeatmap(heatmap); // every cell on screen as the frame says, at the zoom that fits
        capture(heatmap, "heatmap-raid10.png");
    }

    /** Two launches on one array share its engine, as readaheads of one filesystem do in the kernel. */
    @Test
    void runsOnOneArrayShareTheEngineAndOtherSettingsGetTheirOwn() throws Exception {
        TestArray truth = TestArrays.named("raid10-xxhash-16k");
        BtrfsArray array = scanned(truth);
        RunSpec fs = Launches.oneTree(array, PACE, ObjectIds.FS_TREE);
        RunSpec extent = Launches.oneTree(array, PACE, ObjectIds.EXTENT_TREE);
        RunJob first = Launches.launch(array, fs);
        UiWait.until("first run started", () -> first.live() != null);
        RunJob second = Launches.launch(array, extent);
        RunJob naive = Launches.launch(array, extent.toBuilder().strategy(Strategy.NAIVE).maxInFlight(1)
                .io(IoModel.NONE).build());
        UiWait.until("all finished", () -> first.getResult() != null && second.getResult() != null
                && naive.getResult() != null);
        assertTrue(first.live().engine() == second.live().engine(), "one engine for the array");
        assertFalse(naive.live().engine() == first.live().engine(), "other engine settings, another engine");
        assertEquals(ArrayTruth.of(truth).blocks(ObjectIds.FS_TREE).size(), first.live().frame().controls().get(0).blocks());
        assertEquals(ArrayTruth.of(truth).blocks(ObjectIds.EXTENT_TREE).size(),
                second.live().frame().controls().get(0).blocks());
        assertEquals(ArrayTruth.of(truth).blocks(ObjectIds.EXTENT_TREE).size(),
                naive.live().frame().controls().get(0).blocks());
    }

    /** The Progress view's Stop button cancels the Job: every control ends cancelled, nothing stays queued. */
    @Test
    void stoppingTheJobCancelsTheRunAndKeepsItsLastState() throws Exception {
        BtrfsArray array = scanned(TestArrays.named("raid1-blake2-16k"));
        RunJob job = Launches.launch(array, Launches.allTrees(array, PACE));
        UiWait.until("reading", () -> job.live() != null && job.live().frame().engine().totals().reads() > 10);
        job.cancel();
        UiWait.until("stopped", () -> job.getResult() != null && job.live().frame().finished());
        assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job.getResult().getSeverity());
        RunFrame last = job.live().frame();
        assertTrue(last.controls().stream().anyMatch(c -> c.status() == ControlStatus.CANCELLED), last.controls()::toString);
        assertTrue(last.controls().stream().allMatch(ControlSnapshot::finished));
        assertTrue(last.heat().devices().stream().allMatch(h -> h.cellCounts().getOrDefault(CellState.QUEUED, 0) == 0),
                "cancelled blocks are not left queued on the heatmap");
    }

    /** Brings the view to the front of its folder and waits until it shows a mid-run frame. */
    static void bringToFront(RunView view) {
        view.getSite().getPage().activate(view);
        RunFrame before = view.shownFrame();
        UiWait.until(view.getTitle() + " refreshed", () -> view.control().isVisible() && view.shownFrame() != before
                && midRun(view.shownFrame()));
    }

    /** Saves what the view shows (it must be in front). */
    static void capture(RunView view, String name) throws Exception {
        Screenshots.save(view.control().getParent(), name);
    }

    static boolean midRun(RunFrame frame) {
        return frame != null && !frame.finished() && frame.engine().totals().reads() > 30
                && frame.engine().devices().stream().anyMatch(d -> d.currZone() != null && d.queued() > 3);
    }

    static boolean someQueuedRowsArrived(QueueView queue) {
        return queue.row(0) != null;
    }

    /** Device rows, zone rows, the current zone and the pointer offset as the snapshot has them. */
    static void assertZones(ZonesView view) {
        RunFrame frame = view.shownFrame();
        Tree tree = view.viewer().getTree();
        List<DeviceSnapshot> devices = frame.engine().devices();
        assertEquals(devices.size(), tree.getItemCount());
        boolean peersShown = false;
        for (int i = 0; i < devices.size(); i++) {
            DeviceSnapshot device = devices.get(i);
            TreeItem row = tree.getItem(i);
            assertEquals("devid " + device.devid(), row.getText(ZonesView.Column.NAME.ordinal()));
            assertEquals(device.currZone() == null ? "" : Long.toString(device.readaNext()),
                    row.getText(ZonesView.Column.POINTER.ordinal()));
            assertEquals(Integer.toString(device.inFlight()), row.getText(ZonesView.Column.IN_FLIGHT.ordinal()));
            assertEquals(Integer.toString(device.queued()), row.getText(ZonesView.Column.QUEUED.ordinal()));
            assertEquals(device.zones().size(), row.getItemCount(), "zones of devid " + device.devid());
            for (int j = 0; j < device.zones().size(); j++) {
                ZoneSnapshot zone = device.zones().get(j);
                TreeItem zoneRow = row.getItem(j);
                assertEquals(zone.current() ? "current zone" : "zone",
                        zoneRow.getText(ZonesView.Column.NAME.ordinal()));
                assertEquals(Long.toString(zone.start()), zoneRow.getText(ZonesView.Column.START.ordinal()));
                assertEquals(Long.toString(zone.end()), zoneRow.getText(ZonesView.Column.END.ordinal()));
                assertEquals(Long.toString(zone.elems()), zoneRow.getText(ZonesView.Column.ELEMS.ordinal()));
                assertEquals(zone.locked() ? "locked" : "", zoneRow.getText(ZonesView.Column.LOCKED.ordinal()));
                String peers = String.join(" ", zone.peers().stream().map(Long::toUnsignedString).toList());
                assertEquals(peers, zoneRow.getText(ZonesView.Column.PEERS.ordinal()));
                peersShown |= !peers.isEmpty();
                assertEquals(zone.current() ? "+" + (device.readaNext() - zone.start()) : "",
                        zoneRow.getText(ZonesView.Column.POINTER.ordinal()));
            }
        }
        // a mirrored array: every zone has the other copy's device as its peer
        assertTrue(peersShown, "peers shown for the mirrored zones");
    }

    /** The visible rows are the device's queue in read order, as the engine listed it. */
    static void assertQueue(QueueView view) {
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

    static void assertPointers(PointersView view) {
        RunFrame frame = view.paintedFrame();
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

    /**
     * Every cell of every device's map has the colour of its state in the frame (read back from
     * the screen), and Export PNG writes those same pixels.
     */
    private static void assertHeatmap(HeatmapView view) throws Exception {
        Canvas canvas = (Canvas) view.control();
        // GTK puts a paint on the screen at its next frame, not within update(): read the screen
        // back until it shows the frame painted last, for at most SCREEN_LAG — every cell exact
        ImageData screen = null;
        RunFrame frame = null;
        String mismatch = null;
        long deadline = System.nanoTime() + SCREEN_LAG.toNanos();
        do {
            if (screen != null) {
                UiWait.pump(Duration.ofMillis(50));
            }
            screen = capture(canvas);
            frame = view.paintedFrame(); // the pixels copied are this frame's (paints run on this thread)
            mismatch = firstWrongCell(view, canvas, screen, frame);
        } while (mismatch != null && System.nanoTime() < deadline);
        assertNull(mismatch, mismatch);
        assertTrue(view.placed().stream().mapToInt(p -> p.heat().cellCount()).sum() > 0);
        assertTrue(frame.heat().devices().stream().anyMatch(h -> h.cellCounts().getOrDefault(CellState.READ, 0) > 0),
                "some cells are read mid-run");
        Path exported = TestArrays.workDir().resolve("screenshots").resolve("heatmap-export.png");
        Files.createDirectories(exported.getParent());
        view.export(exported.toString());
        ImageData file = new ImageLoader().load(exported.toString())[0];
        assertEquals(screen.width, file.width);
        assertEquals(screen.height, file.height);
        for (int y = 0; y < file.height; y += 3) {
            for (int x = 0; x < file.width; x += 3) {
                assertEquals(screen.palette.getRGB(screen.getPixel(x, y)), file.palette.getRGB(file.getPixel(x, y)),
                        "pixel " + x + "," + y);
            }
        }
    }

    /** The pixels a control shows right now. */
    /** The first cell of the maps whose colour on {@code screen} is not its state's in {@code frame}, or null. */
    private static String firstWrongCell(HeatmapView view, Canvas canvas, ImageData screen, RunFrame frame) {
        for (HeatmapView.Placed p : view.placed()) {
            DeviceHeat heat = frame.heat().device(p.heat().devid()).orElseThrow();
            assertEquals(heat, p.heat(), "the map painted is the frame's");
            for (int d = 0; d < heat.cellCount(); d++) {
                org.eclipse.swt.graphics.Point at = view.screenOf(p, d);
                RGB shown = screen.palette.getRGB(screen.getPixel(at.x, at.y));
                RGB expected = HeatmapView.colour(heat.cell(d));
                if (!expected.equals(shown)) {
                    return "devid " + heat.devid() + " cell " + d + " at " + at + " of a canvas of " + canvas.getSize()
                            + ": expected " + expected + ", shown " + shown;
                }
            }
        }
        return null;
    }

    static ImageData capture(Canvas canvas) {
        // paint now, on this thread: a paint still pending would leave the screen behind the
        // frame the view says it painted (no event is processed between this and the copy)
        canvas.redraw();
        canvas.update();
        org.eclipse.swt.graphics.Point size = canvas.getSize();
        Image image = new Image(canvas.getDisplay(), size.x, size.y);
        GC gc = new GC(canvas);
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static void assertRuns(RunsView view, LiveRun run) {
        Table table = view.table().getTable();
        List<ControlSnapshot> controls = run.frame().controls();
        int matched = 0;
        for (TableItem item : table.getItems()) {
            RunsView.Row row = (RunsView.Row) item.getData();
            if (row.run() == run) {
                ControlSnapshot c = view.control(row);
                assertEquals(Long.toString(c.blocks()), item.getText(RunsView.Column.BLOCKS.ordinal()));
                assertEquals(c.label(), item.getText(RunsView.Column.TREE.ordinal()));
                assertEquals(Long.toString(c.badCopies()), item.getText(RunsView.Column.BAD_COPIES.ordinal()));
                matched++;
            }
        }
        assertEquals(controls.size(), matched);
    }
}

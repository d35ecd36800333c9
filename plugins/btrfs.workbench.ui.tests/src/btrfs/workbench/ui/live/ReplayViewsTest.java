package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.ReplayRun;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.replay.ReplayView;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.snapshot.SnapshotActions;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/**
 * A recorded run opens in the live views with the Replay view: the views show the frame the
 * slider picks, and playing at 16x ends on the state the run ended with.
 */
class ReplayViewsTest {

    @TempDir
    Path scratch;

    /** Records a paced readahead of every tree of {@code array}, as {@code readahead --record} does. */
    private Path record(TestArray array) throws Exception {
        Path file = scratch.resolve(array.name() + ".rec.gz");
        RunSpec spec = Launches.allTrees(array.unpackedImages(), new IoModel(Duration.ofMillis(10), 0, false))
                .toBuilder().outputs(new RunSpec.Outputs(null, file, null, null)).build();
        try (ArraySession session = ArraySession.open(spec); LiveRun run = session.start(spec, "test", List.of())) {
            run.await();
            run.finish();
        }
        return file;
    }

    @Test
    void aRecordingReplaysInTheViews() throws Exception {
        Path file = record(TestArrays.named("raid10-xxhash-16k"));
        Recording recording = Recording.read(file);
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();

        ReplayRun replay = (ReplayRun) SnapshotActions.openFile(window, file);
        ReplayView view = (ReplayView) page.findView(ReplayView.ID);
        assertTrue(view != null && page.isPartVisible(view), "the Replay view came up");
        HeatmapView heatmap = (HeatmapView) page.showView(HeatmapView.ID);
        UiWait.until("first frame shown", () -> heatmap.shownFrame() == replay.frame() && replay.index() == 0);
        assertTrue(heatmap.getPartName().contains("replay"), heatmap.getPartName());

        int middle = recording.frameCount() / 2;
        Scale slider = find(view, Scale.class);
        assertEquals(recording.frameCount() - 1, slider.getMaximum());
        replay.seek(middle);
        UiWait.until("middle frame shown", () -> replay.index() == middle && heatmap.paintedFrame() == replay.frame()
                && slider.getSelection() == middle);
        assertEquals(recording.state(middle).heatmap(), heatmap.paintedFrame().heat());
        assertEquals(recording.state(middle).engine(), heatmap.paintedFrame().engine());
        Screenshots.save(view.getSite().getShell(), "replay.png");

        replay.setSpeed(16);
        replay.play();
        UiWait.until("played to the end", () -> !replay.isPlaying() && replay.index() == recording.frameCount() - 1
                && heatmap.paintedFrame() == replay.frame());
        assertEquals(recording.last().heatmap(), heatmap.paintedFrame().heat());
        assertTrue(heatmap.paintedFrame().finished(), "the final state: every control finished");
        ZonesView zones = (ZonesView) page.showView(ZonesView.ID);
        UiWait.until("zones shown", () -> zones.shownFrame() == replay.frame());
        List<DeviceSnapshot> devices = recording.last().engine().devices();
        assertEquals(devices.size(), zones.viewer().getTree().getItemCount());
        // the Replay view shows the stop on its next throttled refresh, not with the other views' frame
        Button play = find(view, Button.class);
        UiWait.until("the button offers Play again", () -> "Play".equals(play.getText()), play::getText);
        assertFalse(replay.isPlaying());
        replay.close();
    }

    /**
     * A run launched with "Record to" set is recorded as {@code readahead --record} records one:
     * the file replays to the run's final state, and the job says where it went.
     */
    @Test
    void aRunLaunchedWithRecordingReplaysToItsFinalState() throws Exception {
        Path file = scratch.resolve("launched.rec.gz");
        BtrfsArray array = Launches.scanned(TestArrays.named("raid10-xxhash-16k").dir());
        RunJob job = Launches.runToEnd(array, Launches.allTrees(array, new IoModel(Duration.ofMillis(5), 0, false))
                .toBuilder().outputs(new RunSpec.Outputs(null, file, null, null)).build());
        assertTrue(job.getResult().getMessage().endsWith("; recorded to " + file), job.getResult().getMessage());

        Recording recording = Recording.read(file);
        assertFalse(recording.truncated());
        assertTrue(recording.frameCount() > 1, "frames while the run went: " + recording.frameCount());
        List<ControlSnapshot> live = job.live().frame().controls();
        List<ControlSnapshot> replayed = recording.last().controls();
        assertEquals(live.stream().map(c -> c.label() + " " + c.blocks() + " " + c.status()).toList(),
                replayed.stream().map(c -> c.label() + " " + c.blocks() + " " + c.status()).toList());
        long enqueues = recording.events().stream().filter(e -> e instanceof ReadaheadEvent.Enqueue).count();
        assertTrue(enqueues >= live.stream().mapToLong(ControlSnapshot::blocks).sum(),
                "every block read was enqueued in the recording: " + enqueues);
    }

    private static <T extends Control> T find(ReplayView view, Class<T> type) {
        Composite parent = (Composite) view.getSite().getShell();
        T found = find(parent, type, view);
        if (found == null) {
            throw new AssertionError("no " + type.getSimpleName() + " in the Replay view");
        }
        return found;
    }

    private static <T extends Control> T find(Composite parent, Class<T> type, ReplayView view) {
        for (Control c : parent.getChildren()) {
            if (type.isInstance(c) && view.owns(c)) {
                return type.cast(c);
            }
            if (c instanceof Composite composite) {
                T found = find(composite, type, view);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}

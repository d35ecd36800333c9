package btrfs.workbench.ui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.heatmap.CellState;
import btrfs.workbench.readahead.heatmap.DeviceHeat;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SpoiledMirror;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.LoggedStatuses;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/**
 * A RAID1 copy with one mirror of the fs tree's root corrupted, read from the GUI: with failover
 * (always on in the GUI) every block is read and the bad copy shows in the Runs view's "Bad
 * copies" column, in the Error Log as the CLI prints it, and as the one failed copy on its
 * device's heatmap; a scrub launched from the GUI finds
 * the same copy. The images are only read.
 */
class BadCopiesTest {

    @TempDir
    Path scratch;

    @Test
    void aBadMirrorIsShownInTheRunsViewAndTheErrorLog() throws Exception {
        SpoiledMirror spoiled = SpoiledMirror.of(TestArrays.named("raid1-blake2-16k"),
                Files.createDirectories(scratch.resolve("spoiled")));
        Map<Path, String> before = Hashes.sha256(spoiled.images());
        BadCopy expected = new BadCopy(spoiled.logical(), spoiled.copy().devid(), spoiled.copy().physical(), "?");
        try (LoggedStatuses logging = LoggedStatuses.listen()) {
            List<IStatus> logged = logging.all();
            BtrfsArray array = Launches.scanned(scratch.resolve("spoiled"));
            // the fs tree alone, as the CLI test reads it: its root is then the first block queued, and
            // the lowest devid holding a copy reads it, the spoiled one (with every tree queued, any may)
            RunSpec fsTree = Launches.oneTree(array, IoModel.NONE, ObjectIds.FS_TREE);
            RunJob job = Launches.runToEnd(array, fsTree);
            ControlSnapshot fs = job.live().frame().controls().stream().filter(c -> c.badCopies() > 0).findFirst()
                    .orElseThrow(() -> new AssertionError("no control met the bad copy"));
            assertEquals(0, fs.errors(), "failover read the block from its other copy");
            assertEquals(spoiled.fsBlocks().size(), fs.blocks());
            assertEquals(1, fs.badCopies());
            BadCopy found = fs.badCopyList().get(0);
            assertEquals(List.of(expected.logical(), expected.devid(), expected.physical()),
                    List.of(found.logical(), found.devid(), found.physical()));
            assertTrue(found.reason().startsWith("checksum mismatch"), found.reason());
            // the heatmap shows where the failed copy lies: on its device, and only there
            for (DeviceHeat heat : job.live().frame().heat().devices()) {
                long failed = heat.copies().getOrDefault(CellState.FAILED, 0L);
                assertEquals(heat.devid() == found.devid() ? 1 : 0, failed, "failed copies on devid " + heat.devid());
            }

            UiWait.until("logged", () -> !logged.isEmpty());
            IStatus entry = logged.get(0);
            assertEquals(IStatus.WARNING, entry.getSeverity());
            assertTrue(entry.getMessage().endsWith("; 1 bad copy(ies) of tree blocks read from another copy"),
                    entry.getMessage());
            assertEquals(List.of("bad copy of tree block " + found.logical() + " on devid " + found.devid() + " at physical "
                            + found.physical() + ": " + found.reason()),
                    List.of(entry.getChildren()).stream().map(IStatus::getMessage).toList());

            RunsView runs = (RunsView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                    .showView(RunsView.ID);
            UiWait.until("runs view shows the run", () -> rowOf(runs, job, fs) != null);
            TableItem row = rowOf(runs, job, fs);
            assertEquals("1", row.getText(RunsView.Column.BAD_COPIES.ordinal()));
            assertEquals("0", row.getText(RunsView.Column.ERRORS.ordinal()));
            runs.table().getTable().setSelection(row);
            IWorkbenchPage page = runs.getSite().getPage();
            page.setPartState(page.getReference(runs), IWorkbenchPage.STATE_MAXIMIZED);
            UiWait.pump(Duration.ofMillis(300));
            Screenshots.save(runs.getSite().getShell(), "bad-copies.png");
            page.setPartState(page.getReference(runs), IWorkbenchPage.STATE_RESTORED);
            IViewPart log = page.showView("org.eclipse.pde.runtime.LogView");
            page.setPartState(page.getReference(log), IWorkbenchPage.STATE_MAXIMIZED);
            widenFirstColumn(log.getViewSite().getShell());
            UiWait.pump(Duration.ofMillis(500));
            Screenshots.save(runs.getSite().getShell(), "bad-copies-error-log.png");
            page.setPartState(page.getReference(log), IWorkbenchPage.STATE_RESTORED);

            RunJob scrubbed = Launches.runToEnd(array, fsTree.toBuilder().scrub(true).build());
            List<BadCopy> scrubFound = scrubbed.live().frame().controls().stream()
                    .flatMap(c -> c.badCopyList().stream()).distinct().toList();
            assertEquals(1, scrubFound.size(), scrubFound::toString);
            assertEquals(List.of(expected.logical(), expected.devid(), expected.physical()),
                    List.of(scrubFound.get(0).logical(), scrubFound.get(0).devid(), scrubFound.get(0).physical()));
            assertTrue(scrubbed.live().engine() != job.live().engine(), "a scrub has an engine of its own");
        }
        assertEquals(before, Hashes.sha256(spoiled.images()), "the images were only read");
    }

    /** The Error Log's message column wide enough to read the lines in the screenshot. */
    private static void widenFirstColumn(Composite parent) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Tree tree && tree.getColumnCount() > 0 && "Message".equals(tree.getColumn(0).getText())) {
                tree.getColumn(0).setWidth(Math.max(tree.getColumn(0).getWidth(), 640));
            } else if (c instanceof Composite inner) {
                widenFirstColumn(inner);
            }
        }
    }

    private static TableItem rowOf(RunsView view, RunJob job, ControlSnapshot control) {
        for (TableItem item : view.table().getTable().getItems()) {
            RunsView.Row row = (RunsView.Row) item.getData();
            if (row.run() == job.live() && view.control(row).label().equals(control.label())
                    && !item.getText(RunsView.Column.BAD_COPIES.ordinal()).isEmpty()) {
                return item;
            }
        }
        return null;
    }
}

package btrfs.workbench.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.prefs.WorkbenchPreferencePage;
import btrfs.workbench.ui.prefs.WorkbenchPreferences;
import btrfs.workbench.ui.testing.Launches;
import btrfs.workbench.ui.testing.LoggedStatuses;
import btrfs.workbench.ui.testing.Screenshots;
import btrfs.workbench.ui.testing.UiWait;

/**
 * With the preference on, a readahead that ends with read errors (a RAID5 array with one image
 * absent: the blocks on it cannot be read) leaves a snapshot in the chosen folder; a clean run
 * or the preference off leaves none.
 */
class AutoSnapshotTest {

    @TempDir
    Path scratch;

    @AfterEach
    void preferenceOff() {
        WorkbenchPreferences.store().setToDefault(WorkbenchPreferences.AUTO_SNAPSHOT_ON_ERROR);
        WorkbenchPreferences.store().setToDefault(WorkbenchPreferences.AUTO_SNAPSHOT_DIR);
    }

    private RunJob launch(Path dir) throws Exception {
        BtrfsArray array = Launches.scanned(dir);
        return Launches.runToEnd(array, Launches.allTrees(array, new IoModel(Duration.ZERO, 0, false)));
    }

    /** The array's images but the last one, in a directory of their own. */
    private Path withoutLastImage(TestArray array) throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("degraded"));
        List<Path> images = array.unpackedImages();
        for (Path image : images.subList(0, images.size() - 1)) {
            Files.copy(image, dir.resolve(image.getFileName()));
        }
        return dir;
    }

    @Test
    void aRunWithReadErrorsIsSavedWhenThePreferenceIsOn() throws Exception {
        Path saved = scratch.resolve("auto");
        WorkbenchPreferences.store().setValue(WorkbenchPreferences.AUTO_SNAPSHOT_ON_ERROR, true);
        WorkbenchPreferences.store().setValue(WorkbenchPreferences.AUTO_SNAPSHOT_DIR, saved.toString());

        RunJob job = launch(withoutLastImage(TestArrays.named("raid5-crc32c-16k")));
        Path file = job.autoSnapshot();
        assertNotNull(file, "a snapshot was saved");
        assertEquals(saved, file.getParent());
        assertTrue(job.getResult().getMessage().contains("snapshot saved to " + file), job.getResult().getMessage());
        DiagnosticSnapshot snapshot = SnapshotFiles.read(file);
        long errors = snapshot.controls().stream().mapToLong(ControlSnapshot::errors).sum();
        assertTrue(errors > 0, "the snapshot holds the errors");
        assertTrue(snapshot.controls().stream().flatMap(c -> c.errorList().stream()).findAny().isPresent());

        RunJob clean = launch(TestArrays.named("raid1-blake2-16k").dir());
        assertNull(clean.autoSnapshot(), "a run without errors saves nothing");
        try (Stream<Path> files = Files.list(saved)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void thePreferencePageShowsBothSettings() throws Exception {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(shell, "btrfs.workbench.ui.prefs", null,
                null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            UiWait.until("page shown", () -> dialog.getSelectedPage() instanceof WorkbenchPreferencePage);
            Screenshots.save(dialog.getShell(), "preferences.png");
        } finally {
            dialog.close();
        }
    }

    /**
     * The blocks a run could not read reach the Error Log: one entry for the run (its job's outcome),
     * one line per block as the CLI prints it (address, device, reason); a clean run logs nothing.
     */
    @Test
    void aRunWithReadErrorsIsInTheErrorLog() throws Exception {
        try (LoggedStatuses logging = LoggedStatuses.listen()) {
            List<IStatus> logged = logging.all();
            RunJob clean = launch(TestArrays.named("raid1-blake2-16k").dir());
            assertEquals(IStatus.OK, clean.getResult().getSeverity());
            assertEquals(List.of(), logged, "a clean run logs nothing");

            RunJob job = launch(withoutLastImage(TestArrays.named("raid5-crc32c-16k")));
            List<ReadError> errors = job.live().frame().controls().stream().flatMap(c -> c.errorList().stream())
                    .distinct().toList();
            assertTrue(!errors.isEmpty(), "the degraded RAID5 loses blocks");
            UiWait.until("logged", () -> !logged.isEmpty());
            assertEquals(1, logged.size(), "one entry for the run: " + logged);
            IStatus entry = logged.get(0);
            assertEquals(job.getResult(), entry, "the job's outcome is what is logged");
            assertEquals(IStatus.WARNING, entry.getSeverity());
            assertTrue(entry.getMessage().startsWith(job.live().label() + ": "), entry.getMessage());
            List<String> lines = List.of(entry.getChildren()).stream().map(IStatus::getMessage).toList();
            assertTrue(entry.getMessage().endsWith("; " + errors.size()
                    + " tree block(s) could not be read, their subtrees were not read ahead"), entry.getMessage());
            List<String> expected = new ArrayList<>();
            errors.forEach(e -> expected.add("tree block " + Long.toUnsignedString(e.logical())
                    + (e.devid() == 0 ? "" : " (devid " + Long.toUnsignedString(e.devid()) + ")") + ": " + e.reason()));
            assertEquals(expected, lines);
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            IViewPart log = page.showView("org.eclipse.pde.runtime.LogView");
            UiWait.pump(Duration.ofMillis(500));
            Screenshots.save(log.getViewSite().getShell(), "error-log.png");
        }
    }

    @Test
    void nothingIsSavedWithThePreferenceOff() throws Exception {
        RunJob job = launch(withoutLastImage(TestArrays.named("raid5-crc32c-16k")));
        assertTrue(job.live().controls().stream().mapToLong(c -> c.progress().errors()).sum() > 0, "errors");
        assertNull(job.autoSnapshot());
    }
}

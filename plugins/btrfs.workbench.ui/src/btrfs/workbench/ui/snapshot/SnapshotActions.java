package btrfs.workbench.ui.snapshot;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.ui.replay.ReplayView;
import btrfs.workbench.ui.run.LiveRun;
import btrfs.workbench.ui.run.Problems;
import btrfs.workbench.ui.run.ReplayRun;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.run.RunSource;
import btrfs.workbench.ui.run.SnapshotRun;

/**
 * File > Open Snapshot or Recording... and Readahead > Save Snapshot...: a diagnostic snapshot of
 * the selected run written as JSON; a snapshot opened read-only in the live views without any
 * device, or a recording replayed in them.
 */
public final class SnapshotActions {

    private static final String[] EXTENSIONS = { "*.json;*.json.gz", "*" };
    private static final String[] NAMES = { "Snapshots (*.json, *.json.gz)", "All files" };
    private static final String[] OPEN_EXTENSIONS = { "*.json;*.json.gz;*.rec.gz;*.jsonl.gz", "*" };
    private static final String[] OPEN_NAMES = { "Snapshots and recordings (*.json, *.json.gz, *.rec.gz, *.jsonl.gz)",
            "All files" };

    private SnapshotActions() {
    }

    public static Action open(IWorkbenchWindow window) {
        Action action = new Action("&Open Snapshot or Recording...") {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN);
                dialog.setText("Open a diagnostic snapshot or a recorded run");
                dialog.setFilterExtensions(OPEN_EXTENSIONS);
                dialog.setFilterNames(OPEN_NAMES);
                String file = dialog.open();
                if (file != null) {
                    openFile(window, Path.of(file));
                }
            }
        };
        action.setId("btrfs.workbench.ui.openSnapshot");
        return action;
    }

    public static Action save(IWorkbenchWindow window) {
        Action action = new Action("&Save Snapshot...") {
            @Override
            public void run() {
                RunSource selected = RunRegistry.get().selected();
                if (!(selected instanceof LiveRun run)) {
                    MessageDialog.openInformation(window.getShell(), "Save snapshot",
                            "Select a readahead launched in this session (in the Runs view) first.");
                    return;
                }
                FileDialog dialog = new FileDialog(window.getShell(), SWT.SAVE);
                dialog.setText("Save a diagnostic snapshot");
                dialog.setFilterExtensions(EXTENSIONS);
                dialog.setFilterNames(NAMES);
                dialog.setFileName("readahead-snapshot.json");
                dialog.setOverwrite(true);
                String file = dialog.open();
                if (file != null) {
                    save(window.getShell(), run, Path.of(file));
                }
            }
        };
        action.setId("btrfs.workbench.ui.saveSnapshot");
        return action;
    }

    /**
     * Opens a snapshot or a recording (told apart by their content) in the live views; a recording
     * also brings up the Replay view. A clear dialog when the file cannot be used; null then.
     */
    public static RunSource openFile(IWorkbenchWindow window, Path file) {
        if (!Recording.isRecording(file)) {
            return open(window.getShell(), file);
        }
        try {
            ReplayRun replay = new ReplayRun(Recording.read(file), file);
            RunRegistry.get().add(replay);
            window.getActivePage().showView(ReplayView.ID);
            return replay;
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(window.getShell(), "Cannot open the recording", e.getMessage());
            return null;
        } catch (PartInitException e) {
            Problems.log("the Replay view did not open", e);
            return null;
        }
    }

    /** Opens {@code file} in the live views; a clear dialog when it cannot be used. Returns the run or null. */
    public static SnapshotRun open(Shell shell, Path file) {
        try {
            SnapshotRun run = new SnapshotRun(SnapshotFiles.read(file), file);
            RunRegistry.get().add(run);
            return run;
        } catch (IOException | IllegalArgumentException e) {
            MessageDialog.openError(shell, "Cannot open the snapshot", e.getMessage());
            return null;
        }
    }

    /** Writes the run's state now to {@code file}; true if it was written. */
    public static boolean save(Shell shell, LiveRun run, Path file) {
        try {
            SnapshotFiles.write(run.snapshot(), file);
            return true;
        } catch (IOException e) {
            MessageDialog.openError(shell, "Cannot save the snapshot", file + ": " + e.getMessage());
            return false;
        }
    }
}

package btrfs.workbench.ui.snapshot;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

import btrfs.workbench.session.run.ActiveRun;
import btrfs.workbench.session.run.ReplayRun;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.session.run.SnapshotRun;
import btrfs.workbench.snapshot.SnapshotFiles;
import btrfs.workbench.snapshot.record.Recording;
import btrfs.workbench.ui.l10n.Messages;
import btrfs.workbench.ui.replay.ReplayView;
import btrfs.workbench.ui.run.Problems;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * What File > Open Snapshot or Recording... and Readahead > Save Snapshot... do: a diagnostic
 * snapshot of a run written as JSON; a snapshot opened read-only in the live views without any
 * device, or a recording replayed in them.
 */
public final class SnapshotActions {

    private static final String[] EXTENSIONS = { "*.json;*.json.gz", "*" };
    private static final String[] NAMES = { Messages.SnapshotActions_snapshots, Messages.Common_allFiles };
    private static final String[] OPEN_EXTENSIONS = { "*.json;*.json.gz;*.rec.gz;*.jsonl.gz", "*" };
    private static final String[] OPEN_NAMES = { Messages.SnapshotActions_snapshotsAndRecordings,
            Messages.Common_allFiles };

    private SnapshotActions() {
    }

    /** File > Open Snapshot or Recording...: asks for the file, then opens it in the live views. */
    public static void askToOpen(IWorkbenchWindow window) {
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN);
        dialog.setText(Messages.SnapshotActions_openTitle);
        dialog.setFilterExtensions(OPEN_EXTENSIONS);
        dialog.setFilterNames(OPEN_NAMES);
        String file = dialog.open();
        if (file != null) {
            openFile(window, Path.of(file));
        }
    }

    /** Readahead > Save Snapshot...: asks for the file, then writes {@code run}'s state to it. */
    public static void askToSave(IWorkbenchWindow window, ActiveRun run) {
        FileDialog dialog = new FileDialog(window.getShell(), SWT.SAVE);
        dialog.setText(Messages.SnapshotActions_saveTitle);
        dialog.setFilterExtensions(EXTENSIONS);
        dialog.setFilterNames(NAMES);
        dialog.setFileName("readahead-snapshot.json");
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            save(window.getShell(), run, Path.of(file));
        }
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
            MessageDialog.openError(window.getShell(), Messages.SnapshotActions_cannotOpenRecording, e.getMessage());
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
            MessageDialog.openError(shell, Messages.SnapshotActions_cannotOpenSnapshot, e.getMessage());
            return null;
        }
    }

    /** Writes the run's state now to {@code file}; true if it was written. */
    public static boolean save(Shell shell, ActiveRun run, Path file) {
        try {
            SnapshotFiles.write(run.snapshot(), file);
            return true;
        } catch (IOException e) {
            MessageDialog.openError(shell, Messages.SnapshotActions_cannotSave, file + ": " + e.getMessage());
            return false;
        }
    }
}

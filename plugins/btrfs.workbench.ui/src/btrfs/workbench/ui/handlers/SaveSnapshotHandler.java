package btrfs.workbench.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import btrfs.workbench.session.run.ActiveRun;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.snapshot.SnapshotActions;

/** Readahead > Save Snapshot... (Ctrl+S): the selected run's state as a diagnostic snapshot. */
public final class SaveSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (RunRegistry.get().selected() instanceof ActiveRun run) {
            SnapshotActions.askToSave(HandlerUtil.getActiveWorkbenchWindow(event), run);
        }
        return null;
    }
}

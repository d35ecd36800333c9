package btrfs.workbench.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import btrfs.workbench.ui.snapshot.SnapshotActions;

/** File > Open Snapshot or Recording...: shown read-only in the live views, without any device. */
public final class OpenSnapshotHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        SnapshotActions.askToOpen(HandlerUtil.getActiveWorkbenchWindow(event));
        return null;
    }
}

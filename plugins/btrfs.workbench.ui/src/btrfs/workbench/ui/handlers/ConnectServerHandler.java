package btrfs.workbench.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import btrfs.workbench.ui.remote.ConnectServerDialog;
import btrfs.workbench.ui.remote.ConnectServerJob;

/**
 * File > Connect to server...: the dialog (remembering the last server), then the connection as a
 * Job; the server's arrays appear in the Arrays view, from where a readahead launches there.
 */
public final class ConnectServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        ConnectServerDialog dialog = new ConnectServerDialog(window.getShell(),
                LaunchReadaheadHandler.dialogSection("ConnectServer"));
        if (dialog.open() == Window.OK) {
            return ConnectServerJob.start(dialog.result(), window.getShell().getDisplay());
        }
        return null;
    }
}

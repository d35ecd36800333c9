package btrfs.workbench.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

import btrfs.workbench.session.run.ActiveRun;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * Readahead > Stop: cancels every control of the selected run (as the Progress view's Stop
 * does); its job then ends with the summary of what was read. Enabled while it runs.
 */
public final class StopRunHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (RunRegistry.get().selected() instanceof ActiveRun run) {
            run.cancel();
        }
        return null;
    }
}

package btrfs.workbench.ui.handlers;

import java.util.Map;

import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.ui.AbstractSourceProvider;
import org.eclipse.ui.ISources;

import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.run.RunRegistry;

/**
 * The run the views show, as the variable {@value #SELECTED_RUN} of the handlers' enablement
 * expressions (Stop while it runs, Save Snapshot for a live run). Told again when the selection
 * changes or the selected run finishes.
 */
public final class SelectedRunSourceProvider extends AbstractSourceProvider implements RunRegistry.Listener {

    public static final String SELECTED_RUN = "btrfs.workbench.ui.selectedRun";

    private RunSource shown;
    private boolean shownRunning;

    public SelectedRunSourceProvider() {
        RunRegistry.get().addListener(this);
    }

    @Override
    public Map<String, Object> getCurrentState() {
        return Map.of(SELECTED_RUN, value(RunRegistry.get().selected()));
    }

    private static Object value(RunSource run) {
        return run == null ? IEvaluationContext.UNDEFINED_VARIABLE : run;
    }

    @Override
    public String[] getProvidedSourceNames() {
        return new String[] { SELECTED_RUN };
    }

    /** On the UI thread, at every frame: cheap unless the selection or its running state changed. */
    @Override
    public void changed() {
        RunSource run = RunRegistry.get().selected();
        boolean running = RunPropertyTester.running(run);
        if (run != shown || running != shownRunning) {
            shown = run;
            shownRunning = running;
            fireSourceChanged(ISources.WORKBENCH, SELECTED_RUN, value(run));
        }
    }

    @Override
    public void dispose() {
        RunRegistry.get().removeListener(this);
    }
}

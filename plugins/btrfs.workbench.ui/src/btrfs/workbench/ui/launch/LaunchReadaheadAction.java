package btrfs.workbench.ui.launch;

import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.ui.run.LaunchSettings;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.views.ArraysView;

/**
 * Launch readahead...: in the Readahead menu, the main toolbar and the Arrays view. Opens the
 * dialog on the arrays the Arrays view shows (its selected one first) and starts the run as a Job.
 */
public final class LaunchReadaheadAction extends Action {

    public static final String ID = "btrfs.workbench.ui.launchReadahead";

    private final IWorkbenchWindow window;

    public LaunchReadaheadAction(IWorkbenchWindow window) {
        super("&Launch readahead...");
        this.window = window;
        setId(ID);
        setToolTipText("Read trees of an array ahead and watch it live");
    }

    @Override
    public void run() {
        ArraysView arrays = (ArraysView) window.getActivePage().findView(ArraysView.ID);
        List<BtrfsArray> candidates = arrays == null ? List.of() : arrays.result().arrays().stream()
                .filter(a -> !a.devices().isEmpty()).toList();
        BtrfsArray selected = arrays == null ? null : arrays.selectedArray();
        LaunchReadaheadDialog dialog = new LaunchReadaheadDialog(window.getShell(), candidates, selected, settings());
        if (dialog.open() == Window.OK) {
            launch(dialog.result());
        }
    }

    /** Starts the run as a Job, shows the live views, returns the Job. */
    public RunJob launch(LaunchSettings settings) {
        RunJob job = new RunJob(settings, window.getShell().getDisplay());
        job.schedule();
        return job;
    }

    private static IDialogSettings settings() {
        IDialogSettings all = PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(LaunchReadaheadAction.class))
                .getDialogSettings();
        IDialogSettings section = all.getSection("LaunchReadahead");
        return section != null ? section : all.addNewSection("LaunchReadahead");
    }
}

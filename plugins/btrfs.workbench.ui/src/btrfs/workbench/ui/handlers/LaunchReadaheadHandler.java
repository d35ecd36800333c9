package btrfs.workbench.ui.handlers;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.ProgressMonitorDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;
import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.remote.RemoteServer;
import btrfs.workbench.session.remote.RemoteTrees;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.remote.ServerCatalog;
import btrfs.workbench.session.remote.ServerCatalog.RemoteArray;
import btrfs.workbench.ui.launch.LaunchReadaheadDialog;
import btrfs.workbench.ui.remote.RemoteRunJob;
import btrfs.workbench.ui.run.Problems;
import btrfs.workbench.ui.run.RunJob;
import btrfs.workbench.ui.views.ArrayScanJob;

/**
 * Readahead > Launch readahead... (Ctrl+R; also in the toolbar and the Arrays view): the dialog
 * on the arrays of the {@link ArrayCatalog} — open or closed, the Arrays view is not asked — with
 * the selected array first, then the run as a Job. With an array of a connected server selected,
 * the dialog offers that server's arrays and the run starts there ({@link RemoteRunJob}); so it
 * does when this machine has no array but a server is connected.
 */
public final class LaunchReadaheadHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        ArrayCatalog catalog = ArrayCatalog.workbench();
        if (!catalog.scanned()) {
            scanNow(window);
        }
        Object selected = HandlerUtil.getCurrentStructuredSelection(event).getFirstElement();
        RemoteArray remote = ServerCatalog.workbench().arrayOf(selected);
        if (remote == null && catalog.launchable().isEmpty()) {
            remote = firstOnAServer(); // nothing to read here: the connected server's arrays
        }
        if (remote != null) {
            return launchOnServer(window, remote);
        }
        List<BtrfsArray> arrays = catalog.launchable();
        LaunchReadaheadDialog dialog = new LaunchReadaheadDialog(window.getShell(), arrays,
                catalog.arrayOf(selected), dialogSettings());
        if (dialog.open() == Window.OK) {
            return launch(dialog.result(), dialog.arrayName());
        }
        return null;
    }

    /**
     * The dialog on the arrays of the server {@code remote} is on, their trees asked there; the
     * run starts there and is watched here.
     */
    private static Object launchOnServer(IWorkbenchWindow window, RemoteArray remote) {
        Server server = remote.server();
        List<BtrfsArray> arrays = ServerCatalog.workbench().servers().stream()
                .filter(c -> c.server().equals(server)).flatMap(c -> c.scan().arrays().stream())
                .filter(a -> !a.devices().isEmpty()).toList();
        LaunchReadaheadDialog dialog = new LaunchReadaheadDialog(window.getShell(), arrays, remote.array(),
                dialogSettings(), new RemoteTrees(new RemoteServer(server)));
        if (dialog.open() == Window.OK) {
            return RemoteRunJob.launch(server, dialog.result(), dialog.arrayName());
        }
        return null;
    }

    private static RemoteArray firstOnAServer() {
        return ServerCatalog.workbench().servers().stream().flatMap(c -> c.arrays().stream())
                .filter(a -> !a.array().devices().isEmpty()).findFirst().orElse(null);
    }

    /** Nothing was scanned yet (the Arrays view never opened): scan first, with progress and cancel. */
    private static void scanNow(IWorkbenchWindow window) {
        try {
            new ProgressMonitorDialog(window.getShell()).run(true, true, ArrayScanJob::scan);
        } catch (InvocationTargetException e) {
            Problems.log("scanning for arrays failed", e.getCause());
        } catch (InterruptedException e) {
            // cancelled: the dialog offers what was found so far (nothing)
        }
    }

    /** Starts the run as a Job and returns it: what OK in the dialog does. */
    public static RunJob launch(RunSpec spec, String arrayName) {
        RunJob job = new RunJob(spec, arrayName, PlatformUI.getWorkbench().getDisplay());
        job.schedule();
        return job;
    }

    private static IDialogSettings dialogSettings() {
        return dialogSection("LaunchReadahead");
    }

    /** The section {@code name} of the UI bundle's dialog settings (kept in the workspace), made if new. */
    static IDialogSettings dialogSection(String name) {
        IDialogSettings all = PlatformUI.getDialogSettingsProvider(
                FrameworkUtil.getBundle(LaunchReadaheadHandler.class)).getDialogSettings();
        IDialogSettings section = all.getSection(name);
        return section != null ? section : all.addNewSection(name);
    }
}

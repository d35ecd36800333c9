package btrfs.workbench.ui;

import java.nio.file.Path;

import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.session.remote.RemoteRun;
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.remote.ServerCatalog;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.session.run.ReplayRun;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.run.FramePump;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.remote.ConnectServerJob;
import btrfs.workbench.ui.snapshot.SnapshotActions;

/** Opens one window on the Btrfs Workbench perspective. */
public class WorkbenchAdvisor extends org.eclipse.ui.application.WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        configurer.setSaveAndRestore(false);
    }

    /** The frame pump feeds the live views from here on, 20 times a second at most. */
    @Override
    public void postStartup() {
        FramePump.start(PlatformUI.getWorkbench().getDisplay());
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        for (Path file : ArrayCatalog.workbench().toOpen()) {
            SnapshotActions.openFile(window, file);
        }
        for (Server server : ServerCatalog.workbench().commandLine()) {
            ConnectServerJob.start(server, window.getShell().getDisplay());
        }
    }

    /** Runs still going are cancelled and their devices closed; nothing is left reading. */
    @Override
    public boolean preShutdown() {
        FramePump.stop();
        for (RunSource source : RunRegistry.get().runs()) {
            if (source instanceof LiveRun run) {
                run.cancel();
                run.close();
            } else if (source instanceof RemoteRun remote) {
                remote.close(); // its run on the server stops too
            } else if (source instanceof ReplayRun replay) {
                replay.close();
            }
        }
        return true;
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return Perspective.ID;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WindowAdvisor(configurer);
    }
}

package btrfs.workbench.ui;

import java.nio.file.Path;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import btrfs.workbench.ui.run.FramePump;
import btrfs.workbench.ui.run.LiveRun;
import btrfs.workbench.ui.run.RunRegistry;
import btrfs.workbench.ui.run.RunSource;
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
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        for (Path snapshot : ScanTargets.snapshots()) {
            SnapshotActions.open(shell, snapshot);
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

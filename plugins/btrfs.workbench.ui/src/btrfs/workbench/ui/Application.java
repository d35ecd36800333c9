package btrfs.workbench.ui;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

import btrfs.workbench.session.ArrayCatalog;

/**
 * The GUI. Its arguments are the images, devices and directories to open; the launcher passes
 * the embedded test arrays when the user names none.
 */
public class Application implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        ArrayCatalog.workbench().setCommandLine(toPaths(args));
        Display display = PlatformUI.createDisplay();
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new WorkbenchAdvisor());
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    private static List<Path> toPaths(String[] args) {
        if (args == null) {
            return List.of();
        }
        // Eclipse passes its own leftovers (e.g. -showlocation) through; those are not paths.
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).map(Path::of).toList();
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}

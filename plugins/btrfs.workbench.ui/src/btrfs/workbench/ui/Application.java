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
import btrfs.workbench.session.remote.Server;
import btrfs.workbench.session.remote.ServerCatalog;

/**
 * The GUI. Its arguments are the images, devices and directories to open, and servers to connect
 * to ({@code ssh://[user@]host[:port][/path]}); the launcher passes the embedded test arrays
 * when the user names none.
 */
public class Application implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        ArrayCatalog.workbench().setCommandLine(toPaths(args));
        ServerCatalog.workbench().setCommandLine(toServers(args));
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
        return Arrays.stream(args).filter(a -> !a.startsWith("-") && !Server.isServer(a)).map(Path::of).toList();
    }

    /** {@code ssh://[user@]host[:port][/path]}: servers to connect to once the workbench is up. */
    private static List<Server> toServers(String[] args) {
        if (args == null) {
            return List.of();
        }
        return Arrays.stream(args).filter(Server::isServer).map(Server::parse).toList();
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

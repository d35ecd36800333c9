package btrfs.workbench.cli;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Runs {@link Cli} inside the product; its exit code becomes the process's exit code. */
public class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = Platform.getApplicationArgs();
        Bundle bundle = FrameworkUtil.getBundle(CliApplication.class);
        String version = bundle == null ? "unknown" : bundle.getVersion().toString();
        return new Cli(version).run(args, System.out, System.err);
    }

    @Override
    public void stop() {
        // Commands run to completion on the calling thread; nothing to interrupt.
    }
}

package btrfs.workbench.ui.run;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

/** Unexpected failures of the live machinery, into the Error Log (and so into the workbench's log file). */
public final class Problems {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private Problems() {
    }

    public static void log(String what, Throwable e) {
        ILog.of(Problems.class).log(new Status(IStatus.ERROR, PLUGIN, what + ": " + e, e));
    }
}

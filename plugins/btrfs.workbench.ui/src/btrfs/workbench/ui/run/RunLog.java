package btrfs.workbench.ui.run;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;

import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ReadError;

/**
 * A finished run's outcome as the status its job ends with, which the workbench puts into the
 * Error Log view (and the log file) when the run had problems: the summary line, and one child
 * per block that could not be read, naming the block's address, the device and the reason — what
 * the CLI prints on stderr, line for line ({@link ReadError#describe()}). Warnings, not errors: the
 * run itself did its work, and an error would pop up a dialog at the end of every run on a failing
 * disk.
 */
public final class RunLog {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private RunLog() {
    }

    /** The job's result: OK with {@code summary} for a clean run, else a warning with a child per lost block. */
    public static IStatus outcome(String summary, List<ControlSnapshot> controls) {
        Set<ReadError> errors = new LinkedHashSet<>(); // a block lost to several controls once
        controls.forEach(c -> errors.addAll(c.errorList()));
        long counted = controls.stream().mapToLong(ControlSnapshot::errors).sum();
        if (counted == 0 && errors.isEmpty()) {
            return new Status(IStatus.OK, PLUGIN, summary);
        }
        MultiStatus outcome = new MultiStatus(PLUGIN, 0, summary, null);
        outcome.add(new Status(IStatus.WARNING, PLUGIN, errors.size() + " tree block(s) could not be read,"
                + " their subtrees were not read ahead:"));
        errors.forEach(e -> outcome.add(new Status(IStatus.WARNING, PLUGIN, e.describe())));
        return outcome;
    }
}

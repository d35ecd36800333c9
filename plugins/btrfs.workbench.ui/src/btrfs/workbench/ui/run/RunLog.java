package btrfs.workbench.ui.run;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.session.run.RunSource;
import btrfs.workbench.ui.l10n.Messages;

/**
 * A finished run's outcome as the status its job ends with, which the workbench puts into the
 * Error Log view (and the log file) when the run had problems: the summary line with the counts,
 * and one child per block that could not be read, naming the block's address, the device and
 * the reason — what the CLI prints on stderr, line for line ({@link ReadError#describe()}), then
 * one child per bad copy of a block that was read from another copy
 * ({@link BadCopy#describeRecovered}: a mirror that failed its checksum, or in scrub mode
 * differs). Warnings, not errors: the
 * run itself did its work, and an error would pop up a dialog at the end of every run on a failing
 * disk.
 */
public final class RunLog {

    private static final String PLUGIN = "btrfs.workbench.ui";

    private RunLog() {
    }

    /**
     * The job's result: OK with {@code summary} for a clean run, else a warning with a child per
     * lost block and per bad copy of a block read from another copy.
     */
    public static IStatus outcome(String summary, List<ControlSnapshot> controls) {
        Set<ReadError> errors = new LinkedHashSet<>(); // a block lost to several controls once
        Set<BadCopy> badCopies = new LinkedHashSet<>();
        controls.forEach(c -> {
            errors.addAll(c.errorList());
            badCopies.addAll(c.badCopyList());
        });
        long counted = controls.stream().mapToLong(ControlSnapshot::errors).sum();
        List<BadCopy> recovered = BadCopy.recovered(badCopies, errors);
        if (counted == 0 && errors.isEmpty() && recovered.isEmpty()) {
            return new Status(IStatus.OK, PLUGIN, summary);
        }
        // the counts go into the entry's own line: the Error Log sorts children by time, and
        // children logged in one instant come in any order, so no child may depend on another
        StringBuilder message = new StringBuilder(summary);
        if (counted > 0 || !errors.isEmpty()) {
            message.append(NLS.bind(Messages.RunLog_unreadable, errors.size()));
        }
        if (!recovered.isEmpty()) {
            message.append(NLS.bind(Messages.RunLog_recovered, recovered.size()));
        }
        MultiStatus outcome = new MultiStatus(PLUGIN, 0, message.toString(), null);
        errors.forEach(e -> outcome.add(warning(e.describe())));
        recovered.forEach(b -> outcome.add(warning(b.describeRecovered(null))));
        return outcome;
    }

    /**
     * The outcome of {@code run} (here or on a server) as it ended: its summary line — label,
     * blocks, bytes, seconds, errors, then {@code written} (what became of its outputs) — with a
     * child per problem as {@link #outcome(String, List)} makes them.
     */
    public static IStatus outcome(RunSource run, long elapsedNanos, String written) {
        long blocks = 0;
        long errors = 0;
        for (ControlSnapshot c : run.frame().controls()) {
            blocks += c.blocks();
            errors += c.errors();
        }
        String text = NLS.bind(Messages.RunJob_summary, new Object[] { run.label(), blocks,
                PrettySize.format(blocks * run.frame().engine().nodesize()), String.format("%.2f", elapsedNanos / 1e9),
                errors, written });
        return outcome(text, run.frame().controls());
    }

    private static IStatus warning(String message) {
        return new Status(IStatus.WARNING, PLUGIN, message);
    }
}

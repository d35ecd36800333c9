package btrfs.workbench.session.run;

import java.nio.file.Path;

import btrfs.workbench.snapshot.DiagnosticSnapshot;

/**
 * The state a run that is not read here shows now — a replay's frame, a remote run's newest — as
 * a {@link SnapshotRun}, with the queue page the Extent queue view asked for carried over to each
 * next state (else every new state would show the queue's first page). Thread-safe: states come
 * from the run's thread, queue pages from the views'.
 */
public final class ShownState {

    private volatile SnapshotRun shown;
    private volatile long[] queueWanted = { -1, 0, 0 };

    /** Shows {@code state} ({@code file}: how errors and labels name its source). */
    public void show(DiagnosticSnapshot state, Path file) {
        SnapshotRun run = new SnapshotRun(state, file);
        long[] wanted = queueWanted;
        if (wanted[0] >= 0) {
            run.wantQueue(wanted[0], (int) wanted[1], (int) wanted[2]);
        }
        shown = run;
    }

    /** The state shown, or null before the first. */
    public SnapshotRun run() {
        return shown;
    }

    /** Asks for a queue page of the state shown and of every next one; true if the page shown changed. */
    public boolean wantQueue(long devid, int from, int count) {
        queueWanted = new long[] { devid, from, count };
        SnapshotRun run = shown;
        RunFrame before = run.frame();
        run.wantQueue(devid, from, count);
        return run.frame() != before;
    }
}

package btrfs.workbench.session.run;

import btrfs.workbench.snapshot.DiagnosticSnapshot;

/**
 * A run going on now, which the user can stop: one on this machine's devices ({@link LiveRun})
 * or one on a server's, watched over ssh ({@code RemoteRun}). The views and Stop treat both
 * alike.
 */
public interface ActiveRun extends RunSource {

    /** True once the run is over: every control finished, it was stopped, or it failed. */
    boolean isFinished();

    /** Stops the run (every control); the frame on screen stays. Returns at once. */
    void cancel();

    /** The run's state now, as Save Snapshot writes it. */
    DiagnosticSnapshot snapshot();
}

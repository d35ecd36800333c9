package btrfs.workbench.readahead;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;

/**
 * The handle btrfs_reada_add returns (kernel: struct reada_control). It finishes when its last
 * element (a queued or in-flight block) is done.
 */
public interface ReadaheadControl {

    /** The id events and snapshots use for this control. */
    long id();

    ReadaheadRequest request();

    /** Current progress; the final one once finished. */
    ControlSnapshot progress();

    boolean isDone();

    /** What it did beyond the kernel's readahead: leaves followed, shared blocks, restarts. */
    FollowProgress following();

    /**
     * btrfs_reada_wait: blocks until the control finished and returns its final progress.
     *
     * @throws IllegalStateException after {@link #detach()}
     */
    ControlSnapshot waitFor() throws InterruptedException;

    /**
     * Waits at most {@code timeout}; true if the control finished.
     *
     * @throws IllegalStateException after {@link #detach()}
     */
    boolean waitFor(Duration timeout) throws InterruptedException;

    /**
     * btrfs_reada_detach: the caller gives up its handle; the readahead goes on in the
     * background and releases itself when done. Waiting afterwards is an error, as in the kernel
     * where the handle may already be freed.
     */
    void detach();

    /**
     * Not in the kernel (v4.19 has no way to stop a readahead; scrub and friends just wait):
     * in user space someone presses Stop or Ctrl-C, and a control nobody waits for must not keep
     * the devices busy. Stops adding blocks for this control, drops its queued records at once and
     * lets its in-flight reads drain; the control then finishes as cancelled, and every extent and
     * zone only it held is freed. Other controls sharing those blocks are not affected.
     */
    void cancel();

    /** Completes with the final progress when the control finished (a copy per call). */
    CompletableFuture<ControlSnapshot> completion();
}

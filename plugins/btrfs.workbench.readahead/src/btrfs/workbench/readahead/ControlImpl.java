package btrfs.workbench.readahead;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.readahead.state.ReadError;

/**
 * struct reada_control. Fields are guarded by the engine lock. Instead of the kernel's
 * refcount (one for the caller, one for "having elements") the control is simply dropped from
 * the engine when its elems reach 0; the caller's handle is this object and stays usable.
 */
final class ControlImpl implements ReadaheadControl {

    /** btrfs_reada_wait wakes every (HZ + 9) / 10 jiffies: 100 ms. */
    static final long REKICK_NANOS = 100_000_000L;

    private final EngineCore core;
    private final long id;
    private final ReadaheadRequest request;
    private final CompletableFuture<ControlSnapshot> done = new CompletableFuture<>();
    /**
     * Opened once {@link #done} holds the final progress: a waiter's timed wait that ends without
     * it is the normal case (every 100 ms), so it is a boolean here, not an exception.
     */
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean detached;

    // guarded by core.lock
    long elems;
    long blocks;
    long generationSkips;
    long errors;
    /** See {@link FollowProgress}. */
    long links;
    long shared;
    long restarts;
    long changed;
    /** Immutable, replaced on each (rare) error, so that snapshots share it without copying. */
    private List<ReadError> errorList = List.of();
    long badCopies;
    /** Immutable like {@link #errorList}, replaced on each (rarer still) bad copy. */
    private List<BadCopy> badCopyList = List.of();
    boolean cancelled;
    /** Finished by an engine abort (out of memory), see {@link EngineCore#abort}. */
    boolean aborted;
    ControlStatus status = ControlStatus.RUNNING;
    private ControlSnapshot last;

    ControlImpl(EngineCore core, long id, ReadaheadRequest request) {
        this.core = core;
        this.id = id;
        this.request = request;
    }

    /** Called with the engine lock held. */
    ControlSnapshot snapshotLocked() {
        if (last != null) {
            return last;
        }
        return new ControlSnapshot(id, request.label(), request.rootLogical(), request.rootGeneration(),
                request.start(), request.end(), status, elems, blocks, blocks * core.nodesize, generationSkips,
                errors, errorList, badCopies, badCopyList);
    }

    /** Called with the engine lock held: the block at {@code logical} is lost to this control. */
    void error(long logical, long devid, String reason) {
        errors++;
        if (errorList.size() < ControlSnapshot.ERRORS_KEPT) {
            List<ReadError> more = new ArrayList<>(errorList);
            more.add(new ReadError(logical, devid, reason));
            errorList = List.copyOf(more);
        }
    }

    /**
     * Called with the engine lock held: the engine aborts, this control stops as cancelled with
     * the reason as its last error; its records are dropped with the engine's maps.
     */
    void abortLocked(String reason) {
        aborted = true;
        cancelled = true;
        elems = 0;
        errors++;
        List<ReadError> more = new ArrayList<>(errorList);
        more.add(ReadError.aborted(reason)); // kept even when the list is full: it says why the run stopped
        errorList = List.copyOf(more);
    }

    /**
     * Called with the engine lock held: a copy of a block this control waits for is bad. A
     * control with two records on one block (a damaged tree pointing twice at it) hears of the
     * copy once.
     */
    void badCopy(BadCopy bad) {
        if (badCopyList.contains(bad)) {
            return;
        }
        badCopies++;
        if (badCopyList.size() < ControlSnapshot.ERRORS_KEPT) {
            List<BadCopy> more = new ArrayList<>(badCopyList);
            more.add(bad);
            badCopyList = List.copyOf(more);
        }
    }

    /** Called with the engine lock held, when elems reached 0. */
    void finishLocked() {
        status = cancelled ? ControlStatus.CANCELLED : ControlStatus.DONE;
        last = snapshotLocked();
    }

    /** Called without the lock, after {@link #finishLocked()}: wakes the waiters. */
    void wakeWaiters() {
        ControlSnapshot s;
        core.lock.lock();
        try {
            s = last;
        } finally {
            core.lock.unlock();
        }
        done.complete(s);
        finished.countDown();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public ReadaheadRequest request() {
        return request;
    }

    @Override
    public ControlSnapshot progress() {
        core.lock.lock();
        try {
            return snapshotLocked();
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public FollowProgress following() {
        core.lock.lock();
        try {
            return new FollowProgress(links, shared, restarts, changed);
        } finally {
            core.lock.unlock();
        }
    }

    /** Whether this control follows leaves (lock not needed: the request is immutable). */
    boolean followsLeaves() {
        return request.following().leaves();
    }

    @Override
    public boolean isDone() {
        return done.isDone();
    }

    @Override
    public ControlSnapshot waitFor() throws InterruptedException {
        checkAttached();
        while (true) {
            ControlSnapshot finished = waitAtMost(REKICK_NANOS);
            if (finished != null) {
                return finished;
            }
        }
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        checkAttached();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (waitAtMost(Math.min(left, REKICK_NANOS)) != null) {
                return true;
            }
        }
        return done.isDone();
    }

    /**
     * btrfs_reada_wait's loop: waits up to {@code nanos}; if the control is still running then,
     * starts the machine unless a pass is queued or running — so that a kick lost anywhere can
     * delay a control by 100 ms at most, never hang it. The final progress, or null.
     */
    private ControlSnapshot waitAtMost(long nanos) throws InterruptedException {
        if (finished.await(nanos, TimeUnit.NANOSECONDS)) {
            return done.getNow(null);
        }
        core.kickIfNoPass();
        return null;
    }

    @Override
    public void detach() {
        detached = true;
    }

    @Override
    public void cancel() {
        core.cancel(this);
    }

    @Override
    public CompletableFuture<ControlSnapshot> completion() {
        return done.copy();
    }

    private void checkAttached() {
        if (detached) {
            throw new IllegalStateException("readahead control " + id + " was detached");
        }
    }

    @Override
    public String toString() {
        return "control " + id + " (" + request.label() + ")";
    }
}

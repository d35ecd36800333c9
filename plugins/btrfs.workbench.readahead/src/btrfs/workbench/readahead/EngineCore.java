package btrfs.workbench.readahead;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.os.ThreadPriority;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.Totals;

/**
 * What both strategies share: the engine lock, devices, controls, the event queue and the
 * machine worker.
 * <p>
 * Locking. The kernel protects reada.c with a global spinlock (fs_info->reada_lock) plus one per
 * extent and per zone. Here a single engine lock guards all bookkeeping — extents, zones, device
 * maps and counters, controls. That is the simplest correct choice: every critical section is
 * short pure bookkeeping (map lookups, a few counters), so finer locks would buy nothing in user
 * space, and one lock makes the kernel's multi-step updates (pick + lookup + schedule) atomic.
 * The lock is never held while calling into the target (its read and its chunk-map lookups) nor
 * while calling listeners or waking waiters: events are collected under the lock (so their order
 * is the order of the bookkeeping), queued as one batch when the lock is released, and delivered
 * after that.
 */
abstract class EngineCore {

    final ReadaheadTarget target;
    final ReadaheadConfig config;
    final int nodesize;
    final int maxInFlight;
    final ReentrantLock lock = new EngineLock();
    private final Condition changed = lock.newCondition();
    /** fs_devices->devices, in the target's order: the order the machine visits them. */
    final List<Dev> devs;
    final Map<Long, Dev> devById;
    /** The controls not yet finished, oldest first. */
    final LinkedHashMap<Long, ControlImpl> controls = new LinkedHashMap<>();
    private long nextControlId = 1;
    long finishedControls;
    /** Batches of requests being added ({@link #startAll}): a control may finish before the next is added. */
    private final AtomicInteger batchesAdding = new AtomicInteger();

    private final long t0 = System.nanoTime();
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final CopyOnWriteArrayList<ReadaheadListener> listeners = new CopyOnWriteArrayList<>();
    /** The events of the lock sections released, a batch per section, in order. */
    private final ConcurrentLinkedQueue<List<ReadaheadEvent>> events = new ConcurrentLinkedQueue<>();
    /** The events of the lock section now running (lock held). */
    private List<ReadaheadEvent> sectionEvents = new ArrayList<>();
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private final ConcurrentLinkedQueue<ControlImpl> finishedToWake = new ConcurrentLinkedQueue<>();
    /**
     * Finished controls whose Finish event is still queued, by id: woken only once every listener
     * has had it (and so every event before it). Woken at once, a waiter could look at a listener
     * that has not yet heard of the end — e.g. a heatmap still showing the blocks a cancelled run
     * dropped — while another thread was still delivering.
     */
    private final ConcurrentHashMap<Long, ControlImpl> finishing = new ConcurrentHashMap<>();
    private long seq;
    /** Passes that stopped at the machine loop bound and handed over to a fresh worker (tests). */
    final AtomicLong handovers = new AtomicLong();
    /** Machine kicks not yet served; &gt; 0 while a worker is queued or running. */
    private final AtomicInteger kicks = new AtomicInteger();
    private volatile boolean closed;
    /** Set once when a step failed with an Error: see {@link #abort}. */
    private volatile String abortReason;
    /** Steps running now (passes, completions, adds), see {@link #step}. */
    private final AtomicInteger active = new AtomicInteger();

    EngineCore(ReadaheadTarget target, ReadaheadConfig config) {
        this.target = target;
        this.config = config;
        this.nodesize = target.nodesize();
        if (nodesize <= 0) {
            throw new IllegalArgumentException("nodesize " + nodesize);
        }
        this.maxInFlight = config.maxInFlightPerDevice();
        List<Dev> list = new ArrayList<>();
        Map<Long, Dev> byId = new LinkedHashMap<>();
        for (Device d : target.devices()) {
            Dev dev = new Dev(d);
            if (byId.putIfAbsent(d.devid(), dev) != null) {
                throw new IllegalArgumentException("devid " + d.devid() + " listed twice");
            }
            list.add(dev);
        }
        this.devs = Collections.unmodifiableList(list);
        this.devById = Collections.unmodifiableMap(byId);
        if (config.executor() != null) {
            this.executor = config.executor();
            this.ownedExecutor = null;
        } else {
            // One thread is enough: machine passes never overlap (see kickLocked()).
            this.ownedExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(config.background() ? ThreadPriority.inBackground(r) : r,
                        "btrfs-readahead-worker");
                t.setDaemon(true);
                return t;
            });
            this.executor = ownedExecutor;
        }
    }

    // ---------------------------------------------------------------- strategy

    abstract Strategy strategy();

    /** btrfs_reada_add. */
    abstract ControlImpl add(ReadaheadRequest request);

    /** Whether a batch of requests is being added: more controls are on their way. */
    final boolean addingBatch() {
        return batchesAdding.get() > 0;
    }

    /** A batch of requests is about to be added, one after the other ({@link #startAll}). */
    void batchStarting(List<ReadaheadRequest> batch) {
    }

    /** The batch {@link #batchStarting} announced is added (or failed to be). */
    void batchEnded() {
    }

    /** Stops a control: drop its queued elements, let in-flight ones drain. */
    abstract void cancel(ControlImpl rc);

    /**
     * One machine pass on a worker. Returns true if it stopped at the loop bound with work
     * left (then a fresh worker continues).
     */
    abstract boolean runMachine();

    /** The strategy's bookkeeping, for snapshots, idleness, checks and aborts. */
    abstract EngineState state();

    /**
     * The immutable state of the engine: every device as the strategy describes it, summed into
     * totals, under the lock so devices, controls and totals agree.
     */
    final EngineSnapshot snapshot() {
        lock.lock();
        try {
            List<DeviceSnapshot> devices = new ArrayList<>(devs.size());
            long inFlight = 0;
            long reads = 0;
            long bytes = 0;
            long seek = 0;
            long errors = 0;
            for (Dev dev : devs) {
                devices.add(state().device(dev));
                inFlight += dev.inFlight;
                reads += dev.reads;
                bytes += dev.bytes;
                seek += dev.seekDistance;
                errors += dev.errors;
            }
            Totals totals = new Totals(state().queuedExtents(), state().zonesAlive(), inFlight, reads, bytes, seek,
                    errors, controls.size(), finishedControls);
            return new EngineSnapshot(now(), strategy().label(), nodesize, maxInFlight, devices,
                    controlSnapshotsLocked(), totals, config.engine().label());
        } finally {
            lock.unlock();
        }
    }



    /** A page of a device's queue in read order (for a virtual table); empty for an unknown devid. */
    final List<ExtentSnapshot> queue(long devid, int from, int count) {
        lock.lock();
        try {
            Dev dev = devById.get(devid);
            return dev == null || from < 0 || count <= 0 ? List.of() : List.copyOf(state().queuePage(dev, from, count));
        } finally {
            lock.unlock();
        }
    }





    // ---------------------------------------------------------------- controls

    final ControlImpl newControlLocked(ReadaheadRequest request) {
        if (closed) {
            throw new IllegalStateException("readahead engine is closed");
        }
        ControlImpl rc = new ControlImpl(this, nextControlId++, request);
        controls.put(rc.id(), rc);
        return rc;
    }

    /** reada_control_elem_put: the last element finishes the control. Lock held. */
    final void elemPutLocked(ControlImpl rc) {
        if (rc.aborted) {
            return; // the abort finished it; a step that was running then still lets go of its records
        }
        if (--rc.elems == 0) {
            finishLocked(rc);
        } else if (rc.elems < 0) {
            throw new IllegalStateException(rc + ": elems below 0");
        }
    }

    /** The control's elems are 0: it completes, waiters are woken (after unlock), it is released. */
    final void finishLocked(ControlImpl rc) {
        rc.finishLocked();
        controls.remove(rc.id());
        finishedControls++;
        if (tracing()) {
            // registered before the event is queued: another thread may deliver it at once
            finishing.put(rc.id(), rc);
            emit(new ReadaheadEvent.Finish(++seq, now(), rc.id(), rc.cancelled, rc.blocks, rc.errors,
                    rc.generationSkips));
        } else {
            finishedToWake.add(rc);
        }
    }

    /** Marks a control cancelled. Lock held. False if it was not running. */
    final boolean markCancelledLocked(ControlImpl rc) {
        if (rc.status != ControlStatus.RUNNING) {
            return false;
        }
        rc.cancelled = true;
        rc.status = ControlStatus.CANCELLING;
        return true;
    }

    final List<ControlSnapshot> controlSnapshotsLocked() {
        List<ControlSnapshot> out = new ArrayList<>(controls.size());
        for (ControlImpl rc : controls.values()) {
            out.add(rc.snapshotLocked());
        }
        return out;
    }

    // ---------------------------------------------------------------- mapping

    /** The error text of a block found at another level than its parent implies. */
    static String levelMismatch(int found, int expected) {
        return "tree block has level " + found + ", its parent implies " + expected;
    }

    /** Result of asking the target where a block lies; computed without the lock. */
    record Mapping(List<StripeCopy> mirrors, BlockGroup group, SkipReason problem) {
        static final Mapping UNMAPPED = new Mapping(List.of(), null, SkipReason.UNMAPPED);
    }

    /** btrfs_map_block(GET_READ_MIRRORS) plus the block group lookup. Never with the lock held. */
    final Mapping map(long logical) {
        try {
            List<StripeCopy> mirrors = target.mirrors(logical);
            if (mirrors == null || mirrors.isEmpty()) {
                return Mapping.UNMAPPED;
            }
            BlockGroup group = target.blockGroup(logical);
            if (group == null || !group.contains(logical, nodesize)) {
                return Mapping.UNMAPPED;
            }
            // kernel: "length < nodesize" from btrfs_map_block, which truncates at the block
            // group's end and at stripe unit boundaries, is an error too
            if (group.contiguousFrom(logical) < nodesize) {
                return new Mapping(List.of(), group, SkipReason.STRIPE_BOUNDARY);
            }
            return new Mapping(List.copyOf(mirrors), group, null);
        } catch (RuntimeException e) {
            return Mapping.UNMAPPED;
        }
    }

    /** A device the engine may queue and read on: present and not a dev-replace target. */
    final Dev usable(long devid) {
        Dev d = devById.get(devid);
        if (d == null || !d.device.present() || d.device.replaceTarget()) {
            return null;
        }
        return d;
    }

    // ---------------------------------------------------------------- events

    final boolean tracing() {
        return !listeners.isEmpty();
    }

    final long now() {
        return System.nanoTime() - t0;
    }

    final long nextSeq() {
        return ++seq;
    }

    /** A skip event for a control, when someone listens. Lock held. */
    final void skipped(long logical, ControlImpl rc, SkipReason why) {
        if (tracing()) {
            emit(new ReadaheadEvent.Skip(nextSeq(), now(), logical, rc.id(), why));
        }
    }

    /** Collects an event for the lock section's batch; lock held, so the order is the bookkeeping order. */
    final void emit(ReadaheadEvent e) {
        assert lock.isHeldByCurrentThread() : "an event emitted without the engine lock";
        sectionEvents.add(e);
    }

    /**
     * The engine lock: releasing it queues the events its section emitted as one batch. One
     * queue operation per section instead of one per event: in a streamed run two events per
     * block (enqueue, complete) had cost a sixth of the engine's CPU, each a contended offer
     * against the thread delivering them.
     */
    private final class EngineLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;

        @Override
        public void unlock() {
            if (getHoldCount() == 1 && !sectionEvents.isEmpty()) {
                events.add(sectionEvents);
                sectionEvents = new ArrayList<>();
            }
            super.unlock();
        }
    }

    final void addListener(ReadaheadListener l) {
        listeners.add(l);
    }

    final void removeListener(ReadaheadListener l) {
        listeners.remove(l);
    }

    /**
     * After releasing the lock: deliver queued events in order, then wake the waiters of
     * finished controls whose Finish event has been delivered. Only one thread delivers at a
     * time; whoever finds events queued while another delivers leaves them to it (it re-checks
     * after finishing), and the waiters too.
     */
    final void publish() {
        deliverEvents();
        wakeFinished();
    }

    private void deliverEvents() {
        while (!events.isEmpty()) {
            if (!dispatching.compareAndSet(false, true)) {
                break;
            }
            try {
                List<ReadaheadEvent> section;
                while ((section = events.poll()) != null) {
                    section.forEach(this::deliver);
                }
            } finally {
                dispatching.set(false);
            }
        }
    }

    private void deliver(ReadaheadEvent e) {
        for (ReadaheadListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                // a broken listener must not break the readahead
            }
        }
        if (e instanceof ReadaheadEvent.Finish f) {
            wakeWhenPublished(finishing.remove(f.control()));
        }
    }

    private void wakeWhenPublished(ControlImpl rc) {
        if (rc != null) {
            finishedToWake.add(rc);
        }
    }

    /** An abort wakes every finished control, whether its Finish event could be delivered or not. */
    private void releaseFinishing() {
        for (Long id : finishing.keySet()) {
            wakeWhenPublished(finishing.remove(id));
        }
    }

    private void wakeFinished() {
        ControlImpl rc;
        while ((rc = finishedToWake.poll()) != null) {
            rc.wakeWaiters();
        }
    }

    // ---------------------------------------------------------------- machine workers

    /**
     * reada_start_machine, first half, called under the lock in the same critical section as the
     * state change that calls for a machine pass (so the engine never looks idle in between):
     * registers a kick and returns whether the caller must {@link #scheduleIf schedule} a worker
     * after unlocking.
     * <p>
     * The kernel queues a work item per call and may run several at once; they all serialize on
     * reada_lock. Here kicks coalesce into at most one queued-or-running pass (a kick during a
     * pass makes it run again), so a read that completes synchronously inside the pass can never
     * recurse into the machine, and no two passes compete for the lock.
     */
    final boolean kickLocked() {
        return kicks.getAndIncrement() == 0;
    }

    /**
     * btrfs_reada_wait's "if (!atomic_read(&fs_info->reada_works_cnt)) reada_start_machine": a
     * waiter whose control is still running after 100 ms starts a pass if none is queued or
     * running.
     */
    final void kickIfNoPass() {
        if (kicks.get() != 0 || isClosed() || isAborted()) {
            return;
        }
        boolean schedule;
        lock.lock();
        try {
            schedule = kickLocked();
        } finally {
            lock.unlock();
        }
        scheduleIf(schedule);
    }

    /** reada_start_machine, second half, after releasing the lock. */
    final void scheduleIf(boolean needed) {
        if (needed) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(this::worker);
        } catch (RejectedExecutionException e) {
            kicks.set(0); // closed: nothing runs any more
        }
    }

    /**
     * One worker task: machine passes until no kick is left. Counted as a {@link #step}, so that
     * an Error in a pass (out of memory) aborts the engine instead of killing the thread and
     * leaving every waiter hanging.
     */
    private void worker() {
        step(this::workerLoop);
        if (isAborted()) {
            kicks.set(0); // an aborted engine runs no pass any more
        }
    }

    private void workerLoop() {
        int served = kicks.get();
        while (!isAborted()) {
            boolean more = runMachine();
            if (more) {
                handovers.incrementAndGet();
                // kernel: "to a) not hold the caller for too long and b) to utilize more
                // cores, we broke the loop above after 10000 iterations and now enqueue to
                // workers to finish it" — here: hand over to a fresh task on the executor.
                kicks.set(1);
                schedule();
                return;
            }
            if (kicks.addAndGet(-served) == 0) {
                signal();
                return;
            }
            served = kicks.get();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing queued, in flight or allocated, no pass pending, all events delivered. */
    final boolean isIdle() {
        lock.lock();
        try {
            return idleLocked();
        } finally {
            lock.unlock();
        }
    }

    /** What keeps the engine from being idle, for a test's failure message ("" when idle). */
    final String busyState() {
        lock.lock();
        try {
            return (kicks.get() != 0 ? " kicks " + kicks.get() : "")
                    + (events.isEmpty() && sectionEvents.isEmpty() ? "" : " events")
                    + (dispatching.get() ? " dispatching" : "") + (finishing.isEmpty() ? "" : " finishing")
                    + (finishedToWake.isEmpty() ? "" : " to-wake") + (state().empty() ? "" : " state");
        } finally {
            lock.unlock();
        }
    }

    private boolean idleLocked() {
        return kicks.get() == 0 && events.isEmpty() && sectionEvents.isEmpty() && !dispatching.get()
                && finishing.isEmpty() && finishedToWake.isEmpty() && state().empty();
    }

    final boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!idleLocked()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // events and wakeups are published outside the lock: poll as well
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    final List<String> check() {
        lock.lock();
        try {
            return state().check();
        } finally {
            lock.unlock();
        }
    }

    final boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- abort

    /**
     * Runs one step that changes the engine's bookkeeping outside the caller's control — a
     * machine pass, a read's completion. The kernel BUG()s when an allocation fails in
     * reada.c; here an Error (out of memory) or an unexpected RuntimeException in a step leaves
     * the bookkeeping half updated, so the engine {@link #abort aborts}: every control finishes
     * with the reason and the waiters return. Steps that start after the abort do nothing.
     */
    final void step(Runnable body) {
        active.incrementAndGet();
        try {
            if (!isAborted()) {
                body.run();
            }
        } catch (RuntimeException | Error e) {
            abort(e);
        } finally {
            leave();
        }
    }

    /**
     * {@link #add} for each request of {@code batch}, in order, counted as a step; an Error in it
     * aborts the engine and is rethrown to the caller.
     */
    final List<ControlImpl> startAll(List<ReadaheadRequest> batch) {
        active.incrementAndGet();
        batchesAdding.incrementAndGet();
        try {
            String reason = abortReason;
            if (reason != null) {
                throw new IllegalStateException("readahead engine aborted: " + reason);
            }
            batchStarting(batch);
            List<ControlImpl> added = new ArrayList<>(batch.size());
            for (ReadaheadRequest request : batch) {
                added.add(add(request));
            }
            return added;
        } catch (Error e) {
            abort(e);
            throw e;
        } finally {
            batchesAdding.decrementAndGet();
            if (!isAborted()) {
                batchEnded();
            }
            leave();
        }
    }

    /**
     * The last step to leave an aborted engine drops its bookkeeping: dropping it while another
     * step is still between two of its critical sections would let that step work on freed
     * zones and extents.
     */
    private void leave() {
        if (active.decrementAndGet() == 0 && isAborted()) {
            dropAfterAbort();
        }
    }

    final boolean isAborted() {
        return abortReason != null;
    }

    /** Why the engine aborted, or null. */
    final String abortReason() {
        return abortReason;
    }

    /**
     * Finishes every running control with the reason (an error of the control, status
     * cancelled), wakes their waiters and refuses new controls; the engine's maps are dropped
     * when the last running step has left. The first abort wins.
     */
    final void abort(Throwable cause) {
        String reason = describe(cause);
        lock.lock();
        try {
            if (abortReason != null) {
                return;
            }
            abortReason = reason;
            for (ControlImpl rc : controls.values().toArray(ControlImpl[]::new)) {
                rc.abortLocked(reason);
                finishLocked(rc);
            }
        } finally {
            lock.unlock();
        }
        try {
            deliverEvents();
        } catch (RuntimeException | Error e) {
            // a listener that failed the engine may fail again: the waiters return all the same
        }
        releaseFinishing();
        wakeFinished();
        if (active.get() == 0) {
            dropAfterAbort();
        }
    }

    /** What the user reads: out of memory is said plainly, anything else is a bug and named as such. */
    static String describe(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return "out of memory (" + cause.getMessage() + "): give the JVM more heap (-Xmx) or read fewer trees at once";
        }
        return "internal error: " + cause;
    }

    private void dropAfterAbort() {
        lock.lock();
        try {
            state().dropAll();
            sectionEvents.clear();
        } finally {
            lock.unlock();
        }
        kicks.set(0);
        events.clear(); // every step has left: what is left could not be delivered (a failing listener)
        releaseFinishing();
        wakeFinished();
        signal();
    }


    final void close() {
        closed = true;
        List<ControlImpl> running;
        lock.lock();
        try {
            running = new ArrayList<>(controls.values());
        } finally {
            lock.unlock();
        }
        for (ControlImpl rc : running) {
            cancel(rc);
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;

/**
 * The baseline: what a plain tree walk does without readahead. Depth-first in key order, one
 * read at a time over the whole engine, each block from its first usable mirror. It reads the
 * same blocks as the port — same range rule, same generation rule, an error cuts the branch —
 * so the two can be compared block for block. Controls are served one after another (a new
 * control's root queues behind the current walk); blocks are not shared between controls.
 */
final class NaiveWalker extends EngineCore {

    /**
     * A block to read for a control, from {@code copies.get(tried)}: its copies on usable devices
     * in mirror order (failover moves on to the next); none when it cannot be read ({@code why}).
     * {@code bad} lists the copies found bad so far.
     */
    private record Item(ControlImpl rc, long logical, Key top, long generation, int level, List<StripeCopy> copies,
            int tried, List<BadCopy> bad, SkipReason why) {

        StripeCopy copy() {
            return copies.isEmpty() ? null : copies.get(tried);
        }

        /** The same block from its next copy, {@code found} added to the bad ones. */
        Item next(BadCopy found) {
            List<BadCopy> more = new ArrayList<>(bad);
            more.add(found);
            return new Item(rc, logical, top, generation, level, copies, tried + 1, List.copyOf(more), why);
        }
    }

    /** Front = next to read. */
    private final ArrayDeque<Item> stack = new ArrayDeque<>();
    private Item reading;

    NaiveWalker(btrfs.workbench.readahead.spi.ReadaheadTarget target, ReadaheadConfig config) {
        super(target, config);
    }

    @Override
    Strategy strategy() {
        return Strategy.NAIVE;
    }

    private Item item(ControlImpl rc, long logical, Key top, long generation, int level) {
        Mapping m = map(logical);
        if (m.problem() != null) {
            return new Item(rc, logical, top, generation, level, List.of(), 0, List.of(), m.problem());
        }
        List<StripeCopy> copies = new ArrayList<>(m.mirrors().size());
        for (StripeCopy copy : m.mirrors()) {
            if (usable(copy.devid()) != null) {
                copies.add(copy);
            }
        }
        return new Item(rc, logical, top, generation, level, List.copyOf(copies), 0, List.of(),
                copies.isEmpty() ? SkipReason.MISSING_DEVICE : null);
    }

    private Dev devOf(Item it) {
        return devById.get(it.copy().devid());
    }

    /** Queues the item (front or back) or counts why it cannot be. Lock held. */
    private boolean enqueueLocked(Item it, boolean front) {
        ControlImpl rc = it.rc();
        if (it.copy() == null) {
            rc.error(it.logical(), 0, it.why().explanation());
            skipped(it.logical(), rc, it.why());
            return false;
        }
        rc.elems++;
        if (tracing()) {
            emit(new ReadaheadEvent.Enqueue(nextSeq(), now(), it.logical(), rc.id(), it.generation()));
        }
        if (front) {
            stack.addFirst(it);
        } else {
            stack.addLast(it);
        }
        return true;
    }

    @Override
    ControlImpl add(ReadaheadRequest request) {
        ControlImpl rc;
        lock.lock();
        try {
            rc = newControlLocked(request);
        } finally {
            lock.unlock();
        }
        Item root = item(rc, request.rootLogical(), Key.MAX, request.rootGeneration(), request.rootLevel());
        boolean schedule;
        lock.lock();
        try {
            if (!enqueueLocked(root, false)) {
                finishLocked(rc);
            }
            schedule = kickLocked();
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
        return rc;
    }

    @Override
    boolean runMachine() {
        Item it;
        lock.lock();
        try {
            if (reading != null) {
                return false; // one read at a time
            }
            while ((it = stack.pollFirst()) != null && it.rc().cancelled) {
                elemPutLocked(it.rc());
            }
            if (it == null) {
                return false;
            }
            reading = it;
            Dev dev = devOf(it);
            dev.inFlight++;
            dev.countSubmit(it.copy().physical(), nodesize);
            if (tracing()) {
                emit(new ReadaheadEvent.Submit(nextSeq(), now(), dev.devid, it.logical(), it.copy().physical(),
                        dev.inFlight));
            }
        } finally {
            lock.unlock();
        }
        publish();
        Item current = it;
        // a step: an Error while handling the block (out of memory) aborts the engine
        OnceRead.issue(target, it.copy(), it.logical(), (block, error) -> step(() -> onRead(current, block, error)));
        return false;
    }

    private void onRead(Item it, ReadBlock block, String error) {
        ControlImpl rc = it.rc();
        ReadaheadRequest r = rc.request();
        boolean ok = block != null;
        // see ReadaMachine; a block changed under the run on a live filesystem is not damage
        // either (ReadaMachine#changedUnder): the naive walk just does not descend into it
        boolean levelOk = !ok || it.level() < 0 || it.level() == block.level() || block.isChanged()
                || target.live() && block.generation() != it.generation();
        boolean descend = ok && levelOk && !block.isChanged() && block.level() > 0
                && block.generation() == it.generation();
        // children in range, mapped without the lock (the range is immutable)
        List<Item> children = new ArrayList<>();
        List<Long> outOfRange = new ArrayList<>();
        if (descend) {
            List<NodePointer> ptrs = block.pointers();
            for (int i = 0; i < ptrs.size(); i++) {
                NodePointer ptr = ptrs.get(i);
                Key nextKey = i + 1 < ptrs.size() ? ptrs.get(i + 1).key() : it.top();
                if (ptr.key().isBefore(r.end()) && nextKey.isAfter(r.start())) {
                    children.add(item(rc, ptr.blockptr(), nextKey, ptr.generation(), block.level() - 1));
                } else {
                    outOfRange.add(ptr.blockptr());
                }
            }
        }
        boolean schedule;
        boolean retry = false;
        lock.lock();
        try {
            Dev dev = devOf(it);
            dev.inFlight--;
            reading = null;
            if (!ok) {
                dev.errors++;
            }
            dev.remember(new ExtentSnapshot(it.logical(), it.copy().physical(),
                    ok ? ExtentStatus.DONE : ExtentStatus.FAILED, dev.devid, 0, ok ? block.generation() : 0),
                    config.recentPerDevice());
            if (tracing()) {
                emit(new ReadaheadEvent.Complete(nextSeq(), now(), dev.devid, it.logical(), ok,
                        ok ? block.level() : -1, ok ? block.generation() : 0, error));
            }
            if (!ok) {
                BadCopy bad = new BadCopy(it.logical(), dev.devid, it.copy().physical(), error);
                rc.badCopy(bad);
                if (tracing()) {
                    emit(new ReadaheadEvent.BadCopy(nextSeq(), now(), it.logical(), dev.devid, bad.physical(), error));
                }
                retry = failOver(it, bad);
                if (!retry) {
                    rc.error(it.logical(), dev.devid, cutReason(it, bad));
                }
            } else if (!levelOk) {
                rc.error(it.logical(), dev.devid, levelMismatch(block.level(), it.level()));
                skipped(it.logical(), rc, SkipReason.LEVEL);
            } else {
                rc.blocks++;
                if (block.level() > 0 && !rc.cancelled) {
                    if (block.generation() != it.generation()) {
                        rc.generationSkips++;
                        skipped(it.logical(), rc, SkipReason.GENERATION);
                    } else {
                        outOfRange.forEach(logical -> skipped(logical, rc, SkipReason.RANGE));
                        // depth-first: the first child is read next; push in reverse
                        for (int i = children.size() - 1; i >= 0; i--) {
                            enqueueLocked(children.get(i), true);
                        }
                    }
                }
            }
            if (!retry) {
                elemPutLocked(rc); // a failover keeps the element outstanding for the next copy
            }
            schedule = kickLocked(); // the next read
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
    }

    /** Failover: the block's next copy goes on top of the stack, read next. Lock held. */
    private boolean failOver(Item it, BadCopy bad) {
        if (!config.failover() || it.tried() + 1 >= it.copies().size() || it.rc().cancelled) {
            return false;
        }
        stack.addFirst(it.next(bad));
        return true;
    }

    /** See {@link CopyChecks#cutReason}. */
    private static String cutReason(Item it, BadCopy last) {
        List<BadCopy> all = new ArrayList<>(it.bad());
        all.add(last);
        return CopyChecks.cutReason(all, last.reason());
    }

    @Override
    void cancel(ControlImpl rc) {
        lock.lock();
        try {
            if (!markCancelledLocked(rc)) {
                return;
            }
            for (Iterator<Item> it = stack.iterator(); it.hasNext();) {
                if (it.next().rc() == rc) {
                    it.remove();
                    elemPutLocked(rc);
                }
            }
        } finally {
            lock.unlock();
        }
        publish();
    }

    @Override
    EngineState state() {
        return state;
    }

    private final EngineState state = new State();

    /** The walk's bookkeeping: the stack and the read in flight. */
    private final class State implements EngineState {

        @Override
        public boolean empty() {
            if (!stack.isEmpty() || reading != null) {
                return false;
            }
            for (Dev dev : devs) {
                if (dev.inFlight != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void dropAll() {
            stack.clear();
            reading = null;
            devs.forEach(Dev::dropAll);
        }

        @Override
        public DeviceSnapshot device(Dev dev) {
            int queued = 0;
            for (Item it : stack) {
                if (devOf(it) == dev) {
                    queued++;
                }
            }
            List<ExtentSnapshot> extents = queuePage(dev, 0, config.snapshotExtentsPerDevice());
            extents.addAll(dev.recent);
            return new DeviceSnapshot(dev.devid, dev.device.present(), dev.device.replaceTarget(),
                    List.<ZoneSnapshot>of(), null, 0, dev.inFlight, queued, extents, dev.counters());
        }

        @Override
        public long queuedExtents() {
            return stack.size() + (reading != null ? 1 : 0);
        }

        /** The read in flight, then the stack from its top: the order the walk reads them in. */
        @Override
        public List<ExtentSnapshot> queuePage(Dev dev, int from, int count) {
            List<ExtentSnapshot> page = new ArrayList<>(Math.min(count, 1024));
            int skip = from;
            if (reading != null && devOf(reading) == dev && count > 0 && skip-- <= 0) {
                page.add(new ExtentSnapshot(reading.logical(), reading.copy().physical(), ExtentStatus.SCHEDULED,
                        dev.devid, 1, reading.generation()));
            }
            for (Item it : stack) {
                if (page.size() >= count) {
                    break;
                }
                if (devOf(it) == dev && skip-- <= 0) {
                    page.add(new ExtentSnapshot(it.logical(), it.copy().physical(), ExtentStatus.QUEUED, -1, 1,
                            it.generation()));
                }
            }
            return page;
        }

        @Override
        public List<String> check() {
            List<String> problems = new ArrayList<>();
            for (Dev dev : devs) {
                if (dev.inFlight > 1) {
                    problems.add("naive: devid " + dev.devid + " has " + dev.inFlight + " reads in flight");
                }
            }
            return problems;
        }
    }
}

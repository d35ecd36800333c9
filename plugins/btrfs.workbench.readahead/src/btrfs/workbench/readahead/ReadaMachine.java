package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.spi.TreeLink;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;

/**
 * The port of fs/btrfs/reada.c (Linux v4.19), with its vocabulary.
 * <p>
 * A <em>control</em> (reada_control, {@link ControlImpl}) is one btrfs_reada_add: a tree and a key
 * range. Every tree block to read is an <em>extent</em> (reada_extent) in one global map by
 * logical address, shared by all controls; each control waiting for it has an <em>extctl</em>
 * record on it (control + the generation the block must have). Each device has a
 * <em>zone</em> (reada_zone) per block group it holds copies of, and a map of the extents queued
 * on it. Each device reads one zone at a time (its <em>curr_zone</em>), in ascending logical
 * order from its read pointer (<em>reada_next</em>), with at most MAX_IN_FLIGHT reads <em>in
 * flight</em>. While a device reads a zone, the mirrored zones on its <em>peer</em> devices are
 * locked, so that the peers read other areas instead of both sides of the same mirror. When a
 * node has been read (<em>readahead_hook</em>) its children in the control's range are added as
 * new extents, each with <em>top</em> = the key that bounds its span.
 * <p>
 * Everything here runs under the engine lock (see {@link EngineCore}); target calls and events
 * happen outside it.
 */
final class ReadaMachine extends EngineCore {

    /**
     * fs_info->reada_tree: all extents, by logical, shared by all controls. (The kernel's radix
     * trees are indexed by logical &gt;&gt; PAGE_SHIFT; a map by logical is the same order.)
     */
    private final TreeMap<Long, Extent> readaTree = new TreeMap<>(Long::compareUnsigned);
    private long zonesAlive;
    /** Why the last reada_find_extent failed (lock held). */
    private SkipReason findFailure;
    /**
     * Not in v4.19: the blocks this run has read and expanded completely for a control that
     * follows leaves. The engine frees an extent once read, so without this a block that
     * snapshots share would be read again for every tree that reaches it; with it, it is read
     * once in the whole run. 16 to 32 bytes per block (see {@link LongSet}); only controls that
     * follow leaves fill it or consult it.
     */
    private LongSet readOnce = new LongSet();
    /** See {@link #wholeScope(long)}; used outside the lock. */
    private final ConcurrentHashMap<Long, Scope> wholeScopes = new ConcurrentHashMap<>();

    /** The filesystem is mounted and changes under the run (see {@link ReadaheadTarget#live()}). */
    private final boolean live;

    ReadaMachine(ReadaheadTarget target, ReadaheadConfig config) {
        super(target, config);
        this.live = target.live();
    }

    /** struct reada_zone: one block group on one device. */
    static final class Zone {
        final long start;
        /** Inclusive, as in the kernel. */
        final long end;
        /** Extents queued in this zone (a DUP extent counts twice: one per copy, as the kernel). */
        long elems;
        /** A peer device reads the mirrored zone now: prefer other zones. */
        boolean locked;
        final Dev device;
        /** All devices of the block's stripes, this one included (kernel devs[]): the peers. */
        final long[] devs;
        boolean freed;

        Zone(long start, long end, Dev device, long[] devs) {
            this.start = start;
            this.end = end;
            this.device = device;
            this.devs = devs;
        }

        boolean covers(long logical) {
            return Long.compareUnsigned(logical, start) >= 0 && Long.compareUnsigned(logical, end) <= 0;
        }
    }

    /**
     * struct reada_extctl: a control waiting for an extent, with the generation it expects — and
     * the level (not in v4.19, see {@link SkipReason#LEVEL}; -1 for a root of unknown level).
     */
    record ExtCtl(ControlImpl rc, long generation, int level, Scope scope) {
    }

    /**
     * Not in v4.19: the tree and key range a record reads below its block when they are not its
     * control's own (null: the control's tree and range). A tree reached by following a leaf is
     * read whole; a restart reads one key span of a tree again. One instance is shared by all
     * records below the block that introduced it, so that records stay small.
     *
     * @param restarts how many restarts led here (bounded by {@link Following#MAX_RESTARTS})
     */
    record Scope(long tree, Key start, Key end, int restarts) {

        /** A block named by an extent item: its tree is not known, it is read with all below it. */
        static final Scope WHOLE_UNKNOWN = new Scope(TreeLink.UNKNOWN_TREE, Key.MIN, Key.MAX, 0);

        static Scope whole(long tree) {
            return tree == TreeLink.UNKNOWN_TREE ? WHOLE_UNKNOWN : new Scope(tree, Key.MIN, Key.MAX, 0);
        }
    }

    private static Key rangeStart(ExtCtl rec) {
        return rec.scope() == null ? rec.rc().request().start() : rec.scope().start();
    }

    private static Key rangeEnd(ExtCtl rec) {
        return rec.scope() == null ? rec.rc().request().end() : rec.scope().end();
    }

    /** The record reads everything below its block: no key range cuts it. */
    private static boolean complete(ExtCtl rec) {
        return rec.scope() == null ? rec.rc().request().wholeRange()
                : rec.scope().start().equals(Key.MIN) && rec.scope().end().equals(Key.MAX);
    }

    private static long tree(ExtCtl rec) {
        return rec.scope() == null ? rec.rc().request().tree() : rec.scope().tree();
    }

    /** struct reada_extent: one tree block to read. */
    static final class Extent {
        final long logical;
        /**
         * Not in v4.19: the key bounding this block's span from below (its key in the parent),
         * kept only for controls that restart on generation changes (else null: the field fits
         * the object's padding, the key is not kept alive).
         */
        final Key from;
        /** The key bounding this block's span from above (next key in the parent, or max). */
        final Key top;
        /** The controls waiting for this block. */
        ArrayList<ExtCtl> extctl = new ArrayList<>(1);
        /** One per extctl record, plus transient holds. Freed at 0. */
        int refcnt;
        /**
         * The logical address boxed once, as the key of the readahead tree and of every device's
         * map: a million queued extents would otherwise carry three Longs each.
         */
        final Long key;
        /**
         * zones[i] is the zone of the device holding copy i, physicals[i] that copy's offset on
         * it; missing devices have no entry. Offsets rather than StripeCopy objects: this is the
         * memory of every queued extent. Failover drops a bad copy from both (see dropCopyLocked).
         */
        Zone[] zones;
        long[] physicals;
        /** A read is in flight (kernel: re->scheduled); in scrub mode: a read of any copy. */
        boolean scheduled;
        /** The device it is in flight on, for snapshots (in scrub mode one of them). */
        Dev scheduledFor;
        /** Bad copies, and every copy's state in scrub mode; null while there is nothing to say. */
        CopyChecks checks;

        Extent(long logical, Key from, Key top, Zone[] zones, long[] physicals) {
            this.logical = logical;
            this.from = from;
            this.top = top;
            this.zones = zones;
            this.key = logical;
            this.physicals = physicals;
        }

        /**
         * This device's copy: the first one on it (kernel: the first mirror_num on the device); in
         * scrub mode the first one on it that is still to be read (or being read).
         */
        StripeCopy copyOn(Dev dev) {
            int i = copyIndexOn(dev);
            if (i < 0) {
                throw new IllegalStateException("extent " + logical + " has no copy on devid " + dev.devid);
            }
            return new StripeCopy(dev.devid, physicals[i]);
        }

        /** The index of {@link #copyOn}, or -1. */
        int copyIndexOn(Dev dev) {
            for (int i = 0; i < zones.length; i++) {
                if (zones[i].device == dev && (checks == null || checks.live(i))) {
                    return i;
                }
            }
            return -1;
        }

        /** Scrub: the index of this device's first copy still to be read, or -1. */
        int pendingOn(Dev dev) {
            return copyIn(dev, CopyChecks.PENDING);
        }

        /**
         * How many reads of this extent are in flight on {@code dev}: 0 or 1 (in scrub mode a
         * device never reads two copies of one extent at once, see needsRead).
         */
        int readsOn(Dev dev) {
            if (checks == null || !checks.scrubbing()) {
                return scheduledFor == dev ? 1 : 0;
            }
            return copyIn(dev, CopyChecks.READING) >= 0 ? 1 : 0;
        }

        /** Scrub: the index of the first copy on {@code dev} in {@code state}, or -1. */
        private int copyIn(Dev dev, byte state) {
            for (int i = 0; i < zones.length; i++) {
                if (zones[i].device == dev && checks.state[i] == state) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether a copy on {@code dev} still holds its place in the device's map. */
        boolean liveOn(Dev dev) {
            return copyIndexOn(dev) >= 0;
        }

        /** The index of {@code copy} among this extent's copies, or -1. */
        int indexOf(StripeCopy copy) {
            for (int i = 0; i < zones.length; i++) {
                if (zones[i].device.devid == copy.devid() && physicals[i] == copy.physical()) {
                    return i;
                }
            }
            return -1;
        }

        CopyChecks checks() {
            if (checks == null) {
                checks = CopyChecks.failures();
            }
            return checks;
        }
    }

    /**
     * One read (I/O) on a device: one extent, or with coalescing several whose copies lie back to
     * back on it. {@code pending} counts its blocks not yet completed (engine lock): the read
     * leaves the device's in-flight count when the last one did.
     */
    private static final class Submission {
        final List<Extent> extents;
        final List<StripeCopy> copies;
        final Dev dev;
        int pending;

        Submission(List<Extent> extents, List<StripeCopy> copies, Dev dev) {
            this.extents = extents;
            this.copies = copies;
            this.dev = dev;
            this.pending = extents.size();
        }
    }

    /** Why a candidate is added: a node's child, a leaf's link, a restart from a current root. */
    private enum Via {
        CHILD, LINK, RESTART
    }

    /** A child to add after the hook has read its parent. */
    private static final class Candidate {
        final ControlImpl rc;
        final long logical;
        final Key from;
        final Key top;
        final long generation;
        final int level;
        final Scope scope;
        final Via via;
        boolean existed;

        Candidate(ControlImpl rc, long logical, Key from, Key top, long generation, int level, Scope scope, Via via,
                boolean existed) {
            this.rc = rc;
            this.logical = logical;
            this.from = from;
            this.top = top;
            this.generation = generation;
            this.level = level;
            this.scope = scope;
            this.via = via;
            this.existed = existed;
        }
    }

    /** What the hook found to add, collected under the lock and completed outside it. */
    private static final class Expansion {
        final List<Candidate> candidates = new ArrayList<>();
        /** Records that follow the links of the leaf that was read. */
        final List<ExtCtl> leafFollowers = new ArrayList<>(1);
        /** Records whose block changed, to restart from their tree's current root. */
        final List<ExtCtl> restarts = new ArrayList<>(0);
        /** The block the records were served (scrub: the first good copy, not always the one just read). */
        ReadBlock served;
    }

    @Override
    Strategy strategy() {
        return Strategy.READA;
    }

    // ================================================================ btrfs_reada_add

    /**
     * btrfs_reada_add: the root block becomes an extent with top = max key and the root's
     * generation, then the machine is started.
     * <p>
     * Deviation: when the root cannot be queued (no copy on a present device, or unmapped) the
     * kernel returns an error pointer; here the control is returned already finished, with the
     * error counted and a skip event, so callers have a single path (and never hang).
     */
    @Override
    ControlImpl add(ReadaheadRequest request) {
        Mapping m = map(request.rootLogical());
        ControlImpl rc;
        boolean schedule;
        lock.lock();
        try {
            if (request.following().leaves() && controls.values().stream().noneMatch(ControlImpl::followsLeaves)) {
                // a new run: what earlier runs read may have changed since (and the GUI keeps
                // one engine per array for all its runs), so "read once" starts afresh
                readOnce = new LongSet();
            }
            rc = newControlLocked(request);
            if (!readaAddBlock(rc, request.rootLogical(), null, Key.MAX, request.rootGeneration(),
                    request.rootLevel(), null, m)) {
                finishLocked(rc);
            }
            schedule = kickLocked(); // reada_start_machine
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
        return rc;
    }

    /**
     * reada_add_block: find or create the extent and hang a record of the control on it.
     * Lock held. A failure (no zone at all) is counted as an error of the control. False if
     * nothing was queued: a failure, or a block this run reads or read completely already.
     */
    private boolean readaAddBlock(ControlImpl rc, long logical, Key from, Key top, long generation, int level,
            Scope scope, Mapping m) {
        if (rc.followsLeaves() && coveredAlready(logical, generation)) {
            rc.shared++;
            if (tracing()) {
                emit(new ReadaheadEvent.Skip(nextSeq(), now(), logical, rc.id(), SkipReason.SHARED));
            }
            return false;
        }
        Extent re = readaFindExtent(logical, from, top, m); // takes one ref, kept by the record
        if (re == null) {
            if (live && findFailure == SkipReason.UNMAPPED) {
                // the pointer was read a moment ago from a mounted filesystem: the block lies in
                // a chunk allocated after the chunk map was read — a change, not damage
                rc.changed++;
            } else {
                rc.error(logical, 0, findFailure.explanation());
            }
            if (tracing()) {
                emit(new ReadaheadEvent.Skip(nextSeq(), now(), logical, rc.id(), findFailure));
            }
            return false;
        }
        re.extctl.add(new ExtCtl(rc, generation, level, scope));
        rc.elems++;
        if (tracing()) {
            emit(new ReadaheadEvent.Enqueue(nextSeq(), now(), logical, rc.id(), generation));
        }
        return true;
    }

    /**
     * Not in v4.19: whether a control that follows leaves gets everything below {@code logical}
     * without queueing it again — the block was read and expanded completely in this run, or it
     * waits for a read that will expand it completely (a record of a following control with no key
     * range, expecting the same generation). Lock held.
     */
    private boolean coveredAlready(long logical, long generation) {
        if (readOnce.contains(logical)) {
            return true;
        }
        Extent re = readaTree.get(logical);
        if (re == null) {
            return false;
        }
        for (ExtCtl rec : re.extctl) {
            if (rec.rc().followsLeaves() && !rec.rc().cancelled && complete(rec) && rec.generation() == generation) {
                return true;
            }
        }
        return false;
    }

    /**
     * reada_find_extent: the existing extent (one more ref), or a new one queued in the zone of
     * each usable mirror and in each such device's extent map. Lock held; {@code m} was mapped
     * before taking it (kernel: btrfs_map_block runs outside reada_lock).
     */
    private Extent readaFindExtent(long logical, Key from, Key top, Mapping m) {
        Extent re = readaTree.get(logical);
        if (re != null) {
            re.refcnt++;
            return re;
        }
        if (m.problem() != null) {
            findFailure = m.problem();
            return null;
        }
        // Deviation: v4.19 refuses blocks with more than BTRFS_MAX_MIRRORS (3) stripes ("more than
        // %d copies not supported"); RAID1C3 plus a replace target, or RAID1C4 (both later than
        // v4.19), have more, and nothing here depends on a fixed array size, so there is no limit.
        List<Zone> zones = new ArrayList<>(m.mirrors().size());
        long[] physicals = new long[m.mirrors().size()];
        for (StripeCopy copy : m.mirrors()) {
            // usable(): "cannot read ahead on missing device", and a dev-replace target is
            // skipped because "this device is selected for reading only as a last resort".
            // Deviation: v4.19 still gives the target a zone (counted, never queued); we do not
            // create it, so the target never picks a zone and locks a peer for nothing.
            Dev dev = usable(copy.devid());
            if (dev == null) {
                continue;
            }
            Zone zone = readaFindZone(dev, logical, m);
            zone.elems++;
            physicals[zones.size()] = copy.physical();
            zones.add(zone);
        }
        if (zones.isEmpty()) {
            // "not a single zone found, error and out": the add fails, the caller counts it
            findFailure = SkipReason.MISSING_DEVICE;
            return null;
        }
        re = new Extent(logical, from, top, zones.toArray(Zone[]::new), Arrays.copyOf(physicals, zones.size()));
        re.refcnt = 1;
        if (config.scrub()) {
            re.checks = CopyChecks.scrub(zones.size());
        }
        if (!insertLocked(re)) {
            findFailure = SkipReason.BUSY;
            return null;
        }
        return re;
    }

    /**
     * "insert extent in reada_tree + all per-device trees, all or nothing": a device map that
     * still holds an extent of this address (it must not: an extent leaves every map together
     * with the global one, see {@link #unhashLocked}) undoes the insert, as the kernel unwinds
     * on -EEXIST, instead of leaving a device that never reads the new extent. Lock held.
     */
    private boolean insertLocked(Extent re) {
        readaTree.put(re.key, re);
        List<Dev> inserted = new ArrayList<>(re.zones.length);
        Dev prev = null;
        for (Zone zone : re.zones) {
            if (zone.device == prev) {
                // "in case of DUP, just add the first zone. As both are on the same device,
                // there's nothing to gain from adding both. Also, it wouldn't work, as the tree
                // is per device and adding would fail with EEXIST"
                continue;
            }
            prev = zone.device;
            if (zone.device.extents.putIfAbsent(re.key, re) != null) {
                inserted.forEach(dev -> dev.extents.remove(re.key, re));
                readaTree.remove(re.key, re);
                for (Zone z : re.zones) {
                    --z.elems;
                    zoneRelease(z);
                }
                return false;
            }
            inserted.add(zone.device);
        }
        return true;
    }

    /**
     * The extent leaves the global map and every device map at once, so that a control adding
     * its block afterwards makes a new extent that every device holding a copy queues. Its
     * zones keep their elements until its last reference is put. Lock held.
     */
    private void unhashLocked(Extent re) {
        readaTree.remove(re.logical, re);
        for (Zone zone : re.zones) {
            zone.device.extents.remove(re.logical, re);
        }
    }

    /**
     * reada_find_zone: the zone of the block group holding {@code logical} on {@code dev},
     * created on first use with the block's stripe devices as its peers. Lock held.
     */
    private Zone readaFindZone(Dev dev, long logical, Mapping m) {
        Zone zone = zoneCovering(dev, logical);
        if (zone != null) {
            return zone;
        }
        long[] devids = new long[m.mirrors().size()];
        for (int i = 0; i < devids.length; i++) {
            devids[i] = m.mirrors().get(i).devid();
        }
        zone = new Zone(m.group().start(), m.group().end(), dev, devids);
        dev.zones.put(zone.end, zone);
        zonesAlive++;
        return zone;
    }

    /** The zone of {@code dev} whose [start, end] covers {@code logical}, or null. */
    private static Zone zoneCovering(Dev dev, long logical) {
        Map.Entry<Long, Zone> e = dev.zones.ceilingEntry(logical);
        if (e != null && e.getValue().covers(logical)) {
            return e.getValue();
        }
        return null;
    }

    /**
     * reada_extent_put: at refcount 0 the extent leaves the global map and every device map,
     * and its zones lose an element. Lock held.
     */
    private void readaExtentPut(Extent re) {
        if (--re.refcnt > 0) {
            return;
        }
        unhashLocked(re);
        for (int i = 0; i < re.zones.length; i++) {
            if (re.checks == null || re.checks.live(i)) { // a scrubbed copy left its zone when read
                --re.zones[i].elems;
                zoneRelease(re.zones[i]);
            }
        }
    }

    /**
     * A copy in {@code zone} is done with (read in scrub mode, or dropped as bad): it leaves the
     * zone, and the device's map when the device has no other copy of the extent to read. Lock
     * held.
     */
    private void leaveZoneLocked(Extent re, Zone zone) {
        --zone.elems;
        if (!re.liveOn(zone.device)) {
            zone.device.extents.remove(re.logical, re);
        }
        zoneRelease(zone);
    }

    /**
     * Failover: the bad copy {@code i} is dropped from the extent, so that no device reads it
     * again; the devices holding the other copies still have the extent queued. Lock held.
     */
    private void dropCopyLocked(Extent re, int i) {
        Zone zone = re.zones[i];
        Zone[] zones = new Zone[re.zones.length - 1];
        long[] physicals = new long[zones.length];
        for (int from = 0, to = 0; from < re.zones.length; from++) {
            if (from != i) {
                zones[to] = re.zones[from];
                physicals[to++] = re.physicals[from];
            }
        }
        re.zones = zones;
        re.physicals = physicals;
        leaveZoneLocked(re, zone);
    }

    /**
     * reada_zone_release with kref semantics: a zone is referenced while it has elements
     * and while it is a device's curr_zone; without either it is freed (removed from the
     * device's zone map). Lock held.
     */
    private void zoneRelease(Zone zone) {
        if (zone.elems == 0 && zone.device.currZone != zone && !zone.freed) {
            zone.device.zones.remove(zone.end, zone);
            zone.freed = true;
            zonesAlive--;
        }
    }

    // ================================================================ the machine

    /**
     * __reada_start_machine: round after round, every device with room (in_flight &lt; MAX)
     * gets one reada_start_machine_dev, as long as some device submitted a read and fewer than
     * the bound (10000) were submitted in this pass.
     */
    @Override
    boolean runMachine() {
        long total = 0;
        int enqueued;
        do {
            enqueued = 0;
            for (Dev dev : devs) {
                Submission s = null;
                lock.lock();
                try {
                    if (dev.inFlight < maxInFlight) {
                        s = readaStartMachineDev(dev);
                    }
                } finally {
                    lock.unlock();
                }
                publish();
                if (s != null) {
                    enqueued++;
                    submit(s);
                }
            }
            total += enqueued;
        } while (enqueued > 0 && total < config.machineLoopBound() && !isAborted());
        return enqueued > 0 && !isAborted();
    }

    /**
     * reada_start_machine_dev: the next extent of this device's current zone, in ascending
     * logical order from reada_next; re-pick a zone when the current one is exhausted. Returns
     * the read to issue, or null when the device has nothing to read. Lock held; the caller
     * issues the read after releasing it.
     */
    private Submission readaStartMachineDev(Dev dev) {
        if (dev.currZone == null && !readaPickZone(dev)) {
            return null;
        }
        Extent re = nextToRead(dev);
        if (re == null) {
            // the current zone is exhausted (nothing left to read in it from reada_next on)
            if (!readaPickZone(dev)) {
                return null;
            }
            re = nextToRead(dev);
        }
        if (re == null) {
            return null;
        }
        List<Extent> run = coalescedRun(dev, re);
        Extent last = run.get(run.size() - 1);
        // ascending from reada_next inside the zone: the device reads sequentially
        dev.readaNext = last.logical + nodesize;
        // Deviation: v4.19 increments reada_in_flight around the submission only and decrements
        // it as soon as the bio is queued, leaving the block layer's queue to bound the
        // outstanding I/O. An asynchronous read() here returns at once and has no such queue
        // behind it, so a read stays in flight until its completion; MAX_IN_FLIGHT then bounds
        // the reads outstanding per device, which keeps each device's reads in ascending order.
        // A coalesced read is one read, as one bio of several extents would be.
        dev.inFlight++;
        List<StripeCopy> copies = new ArrayList<>(run.size());
        long read = 0;
        for (Extent e : run) {
            StripeCopy copy = e.copyOn(dev); // read THIS device's copy (kernel: its mirror_num)
            e.scheduled = true;
            e.scheduledFor = dev;
            if (e.checks != null && e.checks.scrubbing()) {
                e.checks.state[e.indexOf(copy)] = CopyChecks.READING;
                // several devices may read one extent at once: each read keeps it alive
                e.refcnt++;
            }
            copies.add(copy);
            dev.reading.add(e);
            dev.countSubmit(copy.physical(), nodesize);
            if (tracing()) {
                long seq = nextSeq();
                read = read == 0 ? seq : read;
                emit(new ReadaheadEvent.Submit(seq, now(), dev.devid, e.logical, copy.physical(), dev.inFlight, read));
            }
        }
        return new Submission(run, copies, dev);
    }

    /**
     * {@code first} and the queued extents after it that can share its read: in logical order
     * inside the current zone, each needing a read, its copy on this device at most {@link
     * ReadaheadConfig#coalesceGapBytes} after the previous one's end, the whole span at most
     * {@link ReadaheadConfig#coalesceBytes}. Not in v4.19, which reads every extent on its own (its
     * FIXME suggests this): a device reading a densely filled zone then streams it in large reads
     * instead of one block per I/O. A queued extent that cannot join (a peer reads it, or no
     * control wants it any more) only ends the read when the hole it leaves is too wide.
     */
    private List<Extent> coalescedRun(Dev dev, Extent first) {
        List<Extent> run = new ArrayList<>(4);
        run.add(first);
        long start = first.copyOn(dev).physical();
        long end = start + nodesize;
        long maxSpan = Math.max(nodesize, config.coalesceBytes());
        for (Extent next = firstQueuedFrom(dev, first.logical + nodesize); next != null
                && Long.compareUnsigned(next.logical, dev.currZone.end) <= 0;
                next = firstQueuedFrom(dev, next.logical + nodesize)) {
            long physical = next.copyOn(dev).physical();
            if (physical < end || physical - end > config.coalesceGapBytes() || physical + nodesize - start > maxSpan) {
                break;
            }
            if (needsRead(next, dev)) {
                run.add(next);
                end = physical + nodesize;
            }
        }
        return run;
    }

    /**
     * The first extent of the current zone from reada_next on that still needs a read,
     * moving reada_next past the ones that do not.
     * <p>
     * Deviation: v4.19 moves the pointer past one extent that is being read already (from a
     * peer mirror) or has no records left, and returns 0 for this device in this round. When
     * reads complete at once (blocks in the page cache), a device sharing a zone with a peer
     * that is one block ahead then loses every round to it: the peer schedules extent n, this
     * device finds n scheduled and skips, and so on to the end of the zone — one mirror reads
     * everything (the kernel notes that cached readahead is "effectively single threaded").
     * Skipping on to the next extent that needs a read keeps both devices reading, leapfrogging
     * through the zone, while every read still goes in ascending order.
     */
    private Extent nextToRead(Dev dev) {
        long zoneEnd = dev.currZone.end;
        for (Extent re = firstQueuedFrom(dev, dev.readaNext); re != null
                && Long.compareUnsigned(re.logical, zoneEnd) <= 0; re = firstQueuedFrom(dev, dev.readaNext)) {
            if (needsRead(re, dev)) {
                return re;
            }
            dev.readaNext = re.logical + nodesize;
        }
        return null;
    }

    /**
     * Whether {@code dev} should read {@code re} now: someone waits for it and no read of it is in
     * flight. In scrub mode every device reads its own copies, whatever the others do — a read on
     * one device does not take the extent away from the others — but one device never reads two
     * copies of one extent at once (DUP): it reads its second copy on a later sweep of the zone,
     * so that both sweeps go in ascending order.
     */
    private static boolean needsRead(Extent re, Dev dev) {
        if (re.extctl.isEmpty()) {
            return false;
        }
        if (re.checks == null || !re.checks.scrubbing()) {
            return !re.scheduled;
        }
        return re.pendingOn(dev) >= 0 && re.readsOn(dev) == 0;
    }

    private static Extent firstQueuedFrom(Dev dev, long logical) {
        Map.Entry<Long, Extent> e = dev.extents.ceilingEntry(logical);
        return e == null ? null : e.getValue();
    }

    /**
     * reada_pick_zone: drop the current zone (unlocking its peers), then take the zone with the
     * most elements — an unlocked one if there is any, else a locked one — set reada_next to its
     * start and lock its peers. False if the device has no zone with elements. Lock held.
     */
    private boolean readaPickZone(Dev dev) {
        if (dev.currZone != null) {
            Zone old = dev.currZone;
            readaPeerZonesSetLock(old, false);
            dev.currZone = null;
            zoneRelease(old); // drop curr_zone's reference
        }
        Zone top = null;
        Zone topLocked = null;
        long topElems = 0;
        long topLockedElems = 0;
        int unlockedWithElems = 0;
        for (Zone zone : dev.zones.values()) {
            if (zone.locked) {
                if (zone.elems > topLockedElems) {
                    topLockedElems = zone.elems;
                    topLocked = zone;
                }
            } else {
                if (zone.elems > 0) {
                    unlockedWithElems++;
                }
                if (zone.elems > topElems) {
                    topElems = zone.elems;
                    top = zone;
                }
            }
        }
        // The fullest zone: one ascending sweep through it reads the most blocks per seek.
        // Prefer an unlocked zone: a locked one is being read on a peer right now, and reading
        // the same area on both sides of a mirror wastes the seeks of one of them. A locked zone
        // is still better than idling.
        Zone pick = top != null ? top : topLocked;
        if (pick == null) {
            return false;
        }
        dev.currZone = pick;
        dev.readaNext = pick.start;
        readaPeerZonesSetLock(pick, true);
        if (tracing()) {
            emit(new ReadaheadEvent.Pick(nextSeq(), now(), dev.devid, pick.start, pick.end, pick.elems, pick.locked,
                    top != null ? unlockedWithElems - 1 : 0));
        }
        return true;
    }

    /**
     * reada_peer_zones_set_lock: on every other device of the zone's stripes, the zone covering
     * this zone's end gets locked (or unlocked). Lock held.
     * <p>
     * A plain flag, as in the kernel, with its quirks kept: unlocking on a re-pick clears it even
     * if a third device (RAID1C3) still reads that block group, and a peer zone freed and created
     * again while this device reads the block group starts unlocked.
     */
    private void readaPeerZonesSetLock(Zone zone, boolean lock) {
        for (long devid : zone.devs) {
            Dev peerDev = devById.get(devid);
            if (peerDev == null) {
                continue;
            }
            Zone peer = zoneCovering(peerDev, zone.end);
            if (peer != null && peer.device != zone.device) {
                peer.locked = lock;
            }
        }
    }

    // ================================================================ reads and the hook

    /**
     * Issues the read, without the lock. Deviation: the kernel submits a bio and its end_io
     * calls btree_readahead_hook; here the target's asynchronous read calls back. A read that
     * throws counts as failed.
     */
    private void submit(Submission s) {
        List<Long> logicals = new ArrayList<>(s.extents.size());
        List<OnceRead.Outcome> outcomes = new ArrayList<>(s.extents.size());
        for (int i = 0; i < s.extents.size(); i++) {
            int block = i;
            logicals.add(s.extents.get(i).logical);
            // a step: an Error in the hook (out of memory) aborts the engine, see EngineCore#step
            outcomes.add((read, error) -> step(() -> readaheadHook(s, block, read, error)));
        }
        OnceRead.issueRun(target, s.copies, logicals, outcomes);
    }

    /**
     * btree_readahead_hook / __readahead_hook: a read completed.
     * <ol>
     * <li>in_flight--; take the whole record list off the extent, scheduled = 0.</li>
     * <li>Error: nothing to descend into, the branch is cut. Leaf: nothing either (the kernel's
     * FIXME: leaf contents are ignored). Node: for each child i with key_i and next_key =
     * key_(i+1) (or the extent's top for the last child), every record whose generation matches
     * the node's and whose range intersects the child's span ({@code key_i < end && next_key >
     * start}) adds the child with top = next_key and the pointer's generation.</li>
     * <li>Then every record is released: control elems--, extent ref--.</li>
     * <li>Restart the machine.</li>
     * </ol>
     * The records are released only after all children were added, so a control's elems cannot
     * reach 0 while its subtree is still being expanded.
     * <p>
     * Beyond v4.19: a bad copy with failover keeps the records on the extent for its next copy
     * ({@link #failedLocked}); in scrub mode the records stay until every copy was read
     * ({@link #scrubbedLocked}).
     */
    private void readaheadHook(Submission s, int index, ReadBlock block, String error) {
        Extent re = s.extents.get(index);
        StripeCopy copy = s.copies.get(index);
        List<ExtCtl> done;
        Expansion expansion = new Expansion();
        List<ControlImpl> holds = new ArrayList<>();
        lock.lock();
        try {
            completedLocked(s, re, copy, block, error);
            if (re.checks != null && re.checks.scrubbing()) {
                done = scrubbedLocked(re, copy, block, error, s.dev, expansion, holds);
            } else if (block == null) {
                done = failedLocked(re, copy, error);
            } else {
                done = takeRecordsLocked(re);
                serveLocked(re, done, block, s.dev, expansion);
            }
        } finally {
            lock.unlock();
        }
        publish();
        addCandidates(expand(re, expansion));
        boolean schedule;
        lock.lock();
        try {
            for (ExtCtl rec : done) {
                elemPutLocked(rec.rc());
                readaExtentPut(re); // one ref for each record
            }
            for (ControlImpl rc : holds) {
                elemPutLocked(rc); // scrub: its children are added now
            }
            if (re.checks != null && re.checks.scrubbing()) {
                readaExtentPut(re); // the ref this read held
            }
            schedule = kickLocked(); // btree_readahead_hook: reada_start_machine
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
    }

    /** The read's own bookkeeping: in_flight, the device's counters, the complete event. Lock held. */
    private void completedLocked(Submission s, Extent re, StripeCopy copy, ReadBlock block, String error) {
        Dev dev = s.dev;
        boolean ok = block != null;
        if (--s.pending == 0) {
            dev.inFlight--;
        }
        dev.reading.remove(re);
        if (!ok) {
            dev.errors++;
        }
        dev.remember(new ExtentSnapshot(re.logical, copy.physical(), ok ? ExtentStatus.DONE : ExtentStatus.FAILED,
                dev.devid, 0, ok ? block.generation() : 0), config.recentPerDevice());
        if (tracing()) {
            emit(new ReadaheadEvent.Complete(nextSeq(), now(), dev.devid, re.logical, ok, ok ? block.level() : -1,
                    ok ? block.generation() : 0, error));
        }
    }

    /**
     * "just take the full list from the extent": every control that hung a record on it,
     * including those that came while the read was in flight, is served by this read. Lock held.
     */
    private static List<ExtCtl> takeRecordsLocked(Extent re) {
        List<ExtCtl> list = re.extctl;
        re.extctl = new ArrayList<>(1);
        re.scheduled = false;
        re.scheduledFor = null;
        return list;
    }

    /**
     * The records get the block that was read: counted, and the children they want collected;
     * a record expecting another level gets an error instead. Lock held.
     */
    private void serveLocked(Extent re, List<ExtCtl> records, ReadBlock block, Dev dev, Expansion out) {
        List<ExtCtl> matching = new ArrayList<>(records.size());
        out.served = block;
        for (ExtCtl rec : records) {
            ControlImpl rc = rec.rc();
            if (changedUnder(rec, block)) {
                changed(re, rec, block, out);
            } else if (rec.level() >= 0 && rec.level() != block.level()) {
                // Not in v4.19: the block is not at the level its parent implies — a damaged
                // tree. Treated like a failed read (the kernel's tree checker rejects such a
                // block on a normal read). Levels then strictly decrease along every path, so
                // a pointer cycle in a damaged tree cannot make the readahead loop forever.
                // No failover here: the copy passed its checksum, so it holds what btrfs wrote
                // and the other copies hold the same; and the level expected is the control's
                // (its parent pointer), not the copy's.
                rc.error(re.logical, dev.devid, levelMismatch(block.level(), rec.level()));
                if (tracing()) {
                    emit(new ReadaheadEvent.Skip(nextSeq(), now(), re.logical, rc.id(), SkipReason.LEVEL));
                }
            } else {
                rc.blocks++;
                matching.add(rec);
            }
        }
        collectChildren(re, block, matching, out);
    }

    /**
     * The copy read is bad (failed to read or validate): recorded as a bad copy; with failover
     * the extent keeps its records and waits for its next copy, else (or when no copy is left,
     * or only cancelled controls wait) the branch is cut: every record gets the error. Returns
     * the records to release. Lock held.
     * <p>
     * Why the retry goes through the queues rather than straight to the other device: the
     * extent is already queued on every device that holds a copy (reada_find_extent adds it to
     * each mirror's map); dropping the bad copy is all it takes for another device to read it
     * in its own ascending sweep. A read sent straight to the other device would jump its
     * queue, break its sequential order and its in-flight bound — the two things the machine
     * exists for — to win a little latency on a rare event. The control keeps its element
     * meanwhile, so it cannot finish before the block was read or given up.
     */
    private List<ExtCtl> failedLocked(Extent re, StripeCopy copy, String error) {
        badCopyLocked(re, copy, error);
        if (config.failover()) {
            dropCopyLocked(re, re.indexOf(copy));
            if (re.zones.length > 0 && waitedForLocked(re)) {
                re.scheduled = false;
                re.scheduledFor = null;
                return List.of();
            }
            // no copy left, or only cancelled controls wait: a control coming later reads the
            // block afresh, as after any cut — with an extent of its own on every device
            unhashLocked(re);
        }
        String reason = re.checks.cutReason(error);
        List<ExtCtl> list = takeRecordsLocked(re);
        for (ExtCtl rec : list) {
            rec.rc().error(re.logical, copy.devid(), reason); // "cut this part of the tree"
        }
        return list;
    }

    /** Whether a control that was not cancelled waits for the extent. Lock held. */
    private static boolean waitedForLocked(Extent re) {
        for (ExtCtl rec : re.extctl) {
            if (!rec.rc().cancelled) {
                return true;
            }
        }
        return false;
    }

    /** Records a bad copy: on the extent, on every control waiting for it, as an event. Lock held. */
    private void badCopyLocked(Extent re, StripeCopy copy, String reason) {
        BadCopy bad = new BadCopy(re.logical, copy.devid(), copy.physical(), reason);
        re.checks().bad.add(bad);
        for (ExtCtl rec : re.extctl) {
            rec.rc().badCopy(bad);
        }
        if (tracing()) {
            emit(new ReadaheadEvent.BadCopy(nextSeq(), now(), re.logical, copy.devid(), copy.physical(), reason));
        }
    }

    /**
     * Scrub: one copy was read. A bad one is recorded; the records not yet served get the first
     * good copy's children (each control descends once); when the extent's last copy was read,
     * the good copies are compared, the records are released (with an error if no copy was good)
     * and the extent leaves the readahead tree, so that a control coming later scrubs it afresh.
     * Returns the records to release. Lock held.
     * <p>
     * Each control served here gets one more element ({@code holds}), released only after its
     * children were added: the records themselves may be released meanwhile by the completion
     * of another copy on another device, and the control must not finish in between.
     */
    private List<ExtCtl> scrubbedLocked(Extent re, StripeCopy copy, ReadBlock block, String error, Dev dev,
            Expansion candidates, List<ControlImpl> holds) {
        CopyChecks c = re.checks;
        int i = re.indexOf(copy);
        if (block == null) {
            c.state[i] = CopyChecks.BAD;
            badCopyLocked(re, copy, error);
        } else {
            c.goodCopy(i, block);
        }
        leaveZoneLocked(re, re.zones[i]);
        if (c.good != null && c.served < re.extctl.size()) {
            List<ExtCtl> waiting = List.copyOf(re.extctl.subList(c.served, re.extctl.size()));
            for (ExtCtl rec : waiting) {
                rec.rc().elems++;
                holds.add(rec.rc());
            }
            serveLocked(re, waiting, c.good, dev, candidates);
            c.served = re.extctl.size();
        }
        scheduledStateLocked(re);
        if (!c.allDone()) {
            return List.of();
        }
        compareCopiesLocked(re);
        unhashLocked(re);
        int served = c.served;
        List<ExtCtl> list = takeRecordsLocked(re);
        c.served = 0;
        for (ExtCtl rec : list.subList(served, list.size())) {
            rec.rc().error(re.logical, copy.devid(), c.cutReason(error)); // no good copy
        }
        return list;
    }

    /** Scrub: scheduled while any copy is in flight, scheduledFor one of their devices. Lock held. */
    private static void scheduledStateLocked(Extent re) {
        re.scheduled = false;
        re.scheduledFor = null;
        for (int i = 0; i < re.zones.length; i++) {
            if (re.checks.state[i] == CopyChecks.READING) {
                re.scheduled = true;
                re.scheduledFor = re.zones[i].device;
            }
        }
    }

    /**
     * Scrub, every copy read: a good copy whose bytes differ from the reference copy is bad. The
     * reference is the first good copy with the generation the first record expects (a stale
     * copy, e.g. of a device that missed writes, is then the odd one), else the first good copy.
     * Lock held.
     */
    private void compareCopiesLocked(Extent re) {
        CopyChecks c = re.checks;
        int ref = -1;
        for (int i = 0; i < re.zones.length; i++) {
            if (c.state[i] == CopyChecks.GOOD && (ref < 0 || !re.extctl.isEmpty()
                    && c.generations[ref] != re.extctl.get(0).generation()
                    && c.generations[i] == re.extctl.get(0).generation())) {
                ref = i;
            }
        }
        if (ref < 0 || c.fingerprints[ref] == ReadBlock.NO_FINGERPRINT) {
            return;
        }
        for (int i = 0; i < re.zones.length; i++) {
            if (i != ref && c.state[i] == CopyChecks.GOOD && c.fingerprints[i] != c.fingerprints[ref]) {
                c.state[i] = CopyChecks.BAD;
                badCopyLocked(re, new StripeCopy(re.zones[i].device.devid, re.physicals[i]),
                        differs(re, ref, i));
            }
        }
    }

    private static String differs(Extent re, int ref, int i) {
        CopyChecks c = re.checks;
        String why = "bytes differ from the copy on devid " + Long.toUnsignedString(re.zones[ref].device.devid)
                + " at " + Long.toUnsignedString(re.physicals[ref]);
        return c.generations[i] == c.generations[ref] ? why
                : why + " (generation " + c.generations[i] + ", that copy's " + c.generations[ref] + ")";
    }

    /**
     * Not in v4.19: whether the block read is not the one the record's parent pointed at because
     * the mounted filesystem rewrote it meanwhile — a copy that did not validate twice, or (live
     * only) a block at another level <em>and</em> generation: on a live filesystem a freed block is
     * reused by any tree at any level. On an image the same is damage (a level error), and a
     * block at the right level with another generation stays the kernel's generation skip.
     */
    private boolean changedUnder(ExtCtl rec, ReadBlock block) {
        return block.isChanged()
                || live && rec.level() >= 0 && rec.level() != block.level() && rec.generation() != block.generation();
    }

    /** A record whose block changed under the run: counted, not descended, maybe restarted. Lock held. */
    private void changed(Extent re, ExtCtl rec, ReadBlock block, Expansion x) {
        ControlImpl rc = rec.rc();
        rc.changed++;
        rc.generationSkips++;
        if (tracing()) {
            emit(new ReadaheadEvent.Skip(nextSeq(), now(), re.logical, rc.id(), SkipReason.GENERATION));
        }
        if (!rc.cancelled && restartWanted(rec)) {
            x.restarts.add(rec);
        }
    }

    /**
     * The children the records (those whose block was read correctly) want, in the kernel's order
     * (child by child). Lock held. Beyond v4.19: at a leaf, the records of controls that follow
     * leaves take its links ({@link #expand(Extent, Expansion)} parses them outside
     * the lock); a record whose block changed may restart; a block expanded completely for a
     * following control is remembered as read once.
     */
    private void collectChildren(Extent re, ReadBlock block, List<ExtCtl> list, Expansion x) {
        boolean leaf = block.level() == 0;
        List<ExtCtl> matching = new ArrayList<>(list.size());
        for (ExtCtl rec : list) {
            ControlImpl rc = rec.rc();
            if (rc.cancelled || leaf && !rc.request().following().any()) {
                continue; // cancel: stop adding for this control; a kernel leaf: nothing to add
            }
            if (rec.generation() != block.generation()) {
                // "if the generation doesn't match, just ignore this extctl. This will probably
                // cut off a branch from prefetch." (the block changed since its parent pointed
                // to it: its children are not the ones this control is after)
                rc.generationSkips++;
                if (tracing()) {
                    emit(new ReadaheadEvent.Skip(nextSeq(), now(), re.logical, rc.id(), SkipReason.GENERATION));
                }
                if (restartWanted(rec)) {
                    x.restarts.add(rec);
                }
                continue;
            }
            if (rc.followsLeaves() && complete(rec)) {
                // everything below will be added now: no later arrival needs to read it again
                readOnce.add(re.logical);
            }
            matching.add(rec);
        }
        if (matching.isEmpty()) {
            return;
        }
        if (leaf) {
            matching.stream().filter(rec -> rec.rc().followsLeaves()).forEach(x.leafFollowers::add);
            return;
        }
        List<NodePointer> ptrs = block.pointers();
        for (int i = 0; i < ptrs.size(); i++) {
            NodePointer ptr = ptrs.get(i);
            Key key = ptr.key();
            // the child's span is [key_i, next_key): the next child's key, or for the last
            // child the bound this node itself got from its parent (its top)
            Key nextKey = i + 1 < ptrs.size() ? ptrs.get(i + 1).key() : re.top;
            boolean existed = readaTree.containsKey(ptr.blockptr());
            for (ExtCtl rec : matching) {
                ControlImpl rc = rec.rc();
                if (key.isBefore(rangeEnd(rec)) && nextKey.isAfter(rangeStart(rec))) {
                    Key from = rc.request().following().restarts() ? key : null;
                    x.candidates.add(new Candidate(rc, ptr.blockptr(), from, nextKey, ptr.generation(),
                            block.level() - 1, rec.scope(), Via.CHILD, existed));
                } else if (tracing()) {
                    emit(new ReadaheadEvent.Skip(nextSeq(), now(), ptr.blockptr(), rc.id(), SkipReason.RANGE));
                }
            }
        }
    }

    /** A record whose block changed restarts if its control asks for it and it may still. */
    private static boolean restartWanted(ExtCtl rec) {
        return rec.rc().request().following().restarts() && tree(rec) != TreeLink.UNKNOWN_TREE
                && (rec.scope() == null || rec.scope().restarts() < Following.MAX_RESTARTS);
    }

    /**
     * Outside the lock: the candidates collected, plus the links of a leaf for the records that
     * follow them, plus a restart from the current root for every record whose block changed.
     */
    private List<Candidate> expand(Extent re, Expansion x) {
        List<Candidate> out = x.candidates;
        if (!x.leafFollowers.isEmpty()) {
            List<TreeLink> links = links(x.served);
            for (ExtCtl rec : x.leafFollowers) {
                for (TreeLink link : links) {
                    if (!inRange(link.item(), rec)) {
                        continue; // the item lies outside the record's key range: not wanted
                    }
                    out.add(new Candidate(rec.rc(), link.bytenr(), null, Key.MAX, link.generation(), link.level(),
                            wholeScope(link.tree()), Via.LINK, false));
                }
            }
        }
        for (ExtCtl rec : x.restarts) {
            Candidate restart = restart(re, rec);
            if (restart != null) {
                out.add(restart);
            }
        }
        return out;
    }

    /**
     * The scope of a whole tree, one instance per tree: the extent tree names every block with its
     * owner, and a million queued links should not carry a million equal scopes.
     */
    private Scope wholeScope(long tree) {
        return wholeScopes.computeIfAbsent(tree, Scope::whole);
    }

    /** Whether a leaf item's key lies in the record's range (an item without key: yes). */
    private static boolean inRange(Key item, ExtCtl rec) {
        return item == null || !item.isBefore(rangeStart(rec)) && item.isBefore(rangeEnd(rec));
    }

    /** The leaf's links; a target that cannot parse them gives none (the leaf itself was read). */
    private static List<TreeLink> links(ReadBlock block) {
        try {
            return block.links().links();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The current root of the record's tree with the key span of the block that changed (within
     * the record's range) as the range of a sub-readahead, or null if the tree is gone or the span
     * empty. Reads the superblock and root tree again, on the thread that completed the read (a
     * device's I/O thread waits that long): only when a block changed under the run, and the
     * target walks the root tree once per transaction at most.
     */
    private Candidate restart(Extent re, ExtCtl rec) {
        TreeLink root;
        try {
            root = target.currentRoot(tree(rec)).orElse(null);
        } catch (RuntimeException e) {
            root = null;
        }
        if (root == null) {
            return null;
        }
        Key from = re.from == null ? Key.MIN : re.from;
        Key start = from.isAfter(rangeStart(rec)) ? from : rangeStart(rec);
        Key end = re.top.isBefore(rangeEnd(rec)) ? re.top : rangeEnd(rec);
        if (!start.isBefore(end)) {
            return null;
        }
        int restarts = rec.scope() == null ? 1 : rec.scope().restarts() + 1;
        return new Candidate(rec.rc(), root.bytenr(), null, Key.MAX, root.generation(), root.level(),
                new Scope(root.tree(), start, end, restarts), Via.RESTART, false);
    }

    /**
     * reada_add_block for each wanted child. New blocks are mapped without the lock first; one
     * that existed when collected but was freed meanwhile is mapped in another round.
     */
    private void addCandidates(List<Candidate> candidates) {
        Map<Long, Mapping> mapped = new HashMap<>();
        List<Candidate> pending = candidates;
        while (!pending.isEmpty()) {
            for (Candidate c : pending) {
                if (!c.existed && !mapped.containsKey(c.logical)) {
                    mapped.put(c.logical, map(c.logical));
                }
            }
            List<Candidate> retry = new ArrayList<>();
            lock.lock();
            try {
                for (Candidate c : pending) {
                    if (c.rc.cancelled) {
                        continue;
                    }
                    Mapping m = mapped.get(c.logical);
                    if (m == null && !readaTree.containsKey(c.logical)) {
                        c.existed = false;
                        retry.add(c);
                        continue;
                    }
                    if (readaAddBlock(c.rc, c.logical, c.from, c.top, c.generation, c.level, c.scope,
                            m != null ? m : Mapping.UNMAPPED)) {
                        countVia(c);
                    }
                }
            } finally {
                lock.unlock();
            }
            publish();
            pending = retry;
        }
    }

    /** Counts a queued link or restart for its control. Lock held. */
    private static void countVia(Candidate c) {
        if (c.via == Via.LINK) {
            c.rc.links++;
        } else if (c.via == Via.RESTART) {
            c.rc.restarts++;
        }
    }

    // ================================================================ cancel

    /** See {@link ReadaheadControl#cancel()}: beyond the kernel. */
    @Override
    void cancel(ControlImpl rc) {
        boolean schedule;
        lock.lock();
        try {
            if (!markCancelledLocked(rc)) {
                return;
            }
            schedule = kickLocked(); // lets devices drop curr_zones that become empty
            for (Extent re : new ArrayList<>(readaTree.values())) {
                if (re.scheduled) {
                    continue; // in flight: its hook releases the record and adds nothing
                }
                int dropped = 0;
                int position = 0;
                int served = re.checks == null ? 0 : re.checks.served;
                for (Iterator<ExtCtl> it = re.extctl.iterator(); it.hasNext(); position++) {
                    if (it.next().rc() == rc) {
                        it.remove();
                        dropped++;
                        if (position < served) {
                            re.checks.served--; // scrub: a served record left the front of the list
                        }
                    }
                }
                for (int i = 0; i < dropped; i++) {
                    elemPutLocked(rc);
                    readaExtentPut(re);
                }
            }
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
    }

    // ================================================================ state

    @Override
    boolean emptyLocked() {
        if (!readaTree.isEmpty() || zonesAlive != 0) {
            return false;
        }
        for (Dev dev : devs) {
            if (dev.inFlight != 0 || dev.currZone != null || !dev.extents.isEmpty() || !dev.zones.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    long queuedExtentsLocked() {
        return readaTree.size();
    }

    @Override
    void dropAllLocked() {
        readaTree.clear();
        zonesAlive = 0;
        devs.forEach(Dev::dropAll);
    }

    @Override
    long zonesAliveLocked() {
        return zonesAlive;
    }

    @Override
    DeviceSnapshot deviceSnapshotLocked(Dev dev) {
        List<ZoneSnapshot> zones = new ArrayList<>(dev.zones.size());
        ZoneSnapshot curr = null;
        for (Zone zone : dev.zones.values()) {
            List<Long> peers = new ArrayList<>(zone.devs.length);
            for (long devid : zone.devs) {
                if (devid != dev.devid && !peers.contains(devid)) {
                    peers.add(devid);
                }
            }
            ZoneSnapshot z = new ZoneSnapshot(zone.start, zone.end, zone.elems, zone.locked, peers,
                    zone == dev.currZone);
            if (z.current()) {
                curr = z;
            }
            zones.add(z);
        }
        List<ExtentSnapshot> extents = queuePageLocked(dev, 0, config.snapshotExtentsPerDevice());
        extents.addAll(dev.recent);
        return new DeviceSnapshot(dev.devid, dev.device.present(), dev.device.replaceTarget(), zones, curr,
                dev.readaNext, dev.inFlight, dev.extents.size(), extents, dev.counters());
    }

    /**
     * The device's queue in the order it will be read: its reads in flight, then the queued
     * extents from reada_next on, then those before it (read after the next zone pick wraps).
     */
    @Override
    List<ExtentSnapshot> queuePageLocked(Dev dev, int from, int count) {
        List<ExtentSnapshot> page = new ArrayList<>(Math.min(count, 1024));
        int skip = from;
        for (Extent re : dev.reading) {
            if (page.size() >= count) {
                return page;
            }
            if (skip-- <= 0) {
                page.add(extentSnapshot(re, dev));
            }
        }
        for (Map<Long, Extent> part : List.of(dev.extents.tailMap(dev.readaNext, true),
                dev.extents.headMap(dev.readaNext, false))) {
            for (Extent re : part.values()) {
                if (page.size() >= count) {
                    return page;
                }
                if (re.readsOn(dev) == 0 && skip-- <= 0) {
                    page.add(extentSnapshot(re, dev));
                }
            }
        }
        return page;
    }

    private static ExtentSnapshot extentSnapshot(Extent re, Dev dev) {
        return new ExtentSnapshot(re.logical, re.copyOn(dev).physical(),
                re.scheduled ? ExtentStatus.SCHEDULED : ExtentStatus.QUEUED,
                re.scheduledFor == null ? -1 : re.scheduledFor.devid, re.extctl.size(),
                re.extctl.isEmpty() ? 0 : re.extctl.get(0).generation());
    }

    /** Cross-checks the bookkeeping (tests). Lock held. */
    @Override
    List<String> checkLocked() {
        List<String> problems = new ArrayList<>();
        Map<Zone, Long> elems = new HashMap<>();
        long records = 0;
        Map<ControlImpl, Long> perControl = new HashMap<>();
        for (Extent re : readaTree.values()) {
            if (re.refcnt < re.extctl.size() || re.refcnt <= 0) {
                problems.add("extent " + re.logical + " refcnt " + re.refcnt + " < records " + re.extctl.size());
            }
            records += re.extctl.size();
            for (ExtCtl rec : re.extctl) {
                perControl.merge(rec.rc(), 1L, Long::sum);
            }
            for (int i = 0; i < re.zones.length; i++) {
                Zone zone = re.zones[i];
                if (re.checks != null && !re.checks.live(i)) {
                    continue; // scrubbed: the copy left its zone
                }
                elems.merge(zone, 1L, Long::sum);
                if (zone.freed) {
                    problems.add("extent " + re.logical + " in freed zone " + zone.start);
                }
                if (zone.device.extents.get(re.logical) != re) {
                    problems.add("extent " + re.logical + " missing from devid " + zone.device.devid);
                }
            }
            if (re.scheduled != (re.scheduledFor != null)) {
                problems.add("extent " + re.logical + " scheduled flag inconsistent");
            }
        }
        long zones = 0;
        for (Dev dev : devs) {
            int reading = 0;
            for (Extent re : dev.extents.values()) {
                if (readaTree.get(re.logical) != re) {
                    problems.add("devid " + dev.devid + " queues freed extent " + re.logical);
                }
                reading += re.readsOn(dev);
            }
            if (reading != dev.inFlight || dev.reading.size() != dev.inFlight) {
                problems.add("devid " + dev.devid + " in_flight " + dev.inFlight + " but " + reading + " scheduled");
            }
            if (dev.inFlight > maxInFlight) {
                problems.add("devid " + dev.devid + " in_flight " + dev.inFlight + " > " + maxInFlight);
            }
            for (Zone zone : dev.zones.values()) {
                zones++;
                long expected = elems.getOrDefault(zone, 0L);
                if (zone.elems != expected) {
                    problems.add("zone " + zone.start + " on devid " + dev.devid + " elems " + zone.elems + " != "
                            + expected);
                }
                if (zone.elems == 0 && dev.currZone != zone) {
                    problems.add("zone " + zone.start + " on devid " + dev.devid + " leaked (no elems, not current)");
                }
            }
            if (dev.currZone != null && dev.currZone.freed) {
                problems.add("devid " + dev.devid + " curr_zone was freed");
            }
        }
        if (zones != zonesAlive) {
            problems.add("zones alive " + zonesAlive + " but " + zones + " in device maps");
        }
        for (ControlImpl rc : controls.values()) {
            long held = perControl.getOrDefault(rc, 0L);
            if (held > rc.elems) {
                problems.add(rc + " has " + held + " records but elems " + rc.elems);
            }
        }
        for (ControlImpl rc : perControl.keySet()) {
            if (!controls.containsKey(rc.id())) {
                problems.add(rc + " finished but still has records");
            }
        }
        if (records < 0) {
            problems.add("negative records");
        }
        return problems;
    }
}

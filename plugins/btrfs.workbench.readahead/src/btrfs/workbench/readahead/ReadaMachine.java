package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;

/**
 * The port of fs/btrfs/reada.c (Linux v4.19): its functions by their names, in its order.
 * <p>
 * A <em>control</em> (reada_control, {@link ControlImpl}) is one btrfs_reada_add: a tree and a key
 * range. Every tree block to read is an <em>extent</em> ({@link Extent}) in one global map by
 * logical address, shared by all controls; each control waiting for it has an <em>extctl</em>
 * record on it ({@link ExtCtl}: control + the generation the block must have). Each device has a
 * <em>zone</em> ({@link Zone}) per block group it holds copies of, and a map of the extents queued
 * on it. Each device reads one zone at a time (its <em>curr_zone</em>), in ascending logical
 * order from its read pointer (<em>reada_next</em>), with at most MAX_IN_FLIGHT reads <em>in
 * flight</em>. While a device reads a zone, the mirrored zones on its <em>peer</em> devices are
 * locked, so that the peers read other areas instead of both sides of the same mirror. When a
 * node has been read (<em>__readahead_hook</em>) its children in the control's range are added as
 * new extents, each with <em>top</em> = the key that bounds its span.
 * <p>
 * reada.c's functions live here under their names (readaAddBlock, readaFindExtent, readaFindZone,
 * readaExtentPut, readaZoneRelease, readaPeerZonesSetLock, readaPickZone, readaStartMachineDev,
 * runMachine = __reada_start_machine, readaheadHook = __readahead_hook), except the few that are
 * the engine's or the control's: reada_start_machine and reada_start_machine_worker are
 * {@link EngineCore#kickLocked()} and its worker loop, reada_control_elem_put is
 * {@link EngineCore#finishLocked}, btrfs_reada_wait and btrfs_reada_detach are
 * {@link ControlImpl#waitFor} (with the kernel's re-kick every 100 ms) and {@link ControlImpl#detach}.
 * <p>
 * Beside it, each with its reasons: {@link EngineMode} (where the workbench's schedule departs
 * from v4.19's), {@link CopyPolicy} (cut, failover, scrub), {@link Expansions} (following leaves,
 * restarts, mounted filesystems), {@link Coalescing}, {@link ZoneStream} (reading whole block
 * groups ahead of the walk), cancel, and {@link MachineState} (snapshots,
 * queue pages, self-checks). Everything here runs under the engine lock (see {@link EngineCore});
 * target calls and events happen outside it.
 */
final class ReadaMachine extends EngineCore {

    /**
     * fs_info->reada_tree: all extents, by logical, shared by all controls. (The kernel's radix
     * trees are indexed by logical &gt;&gt; PAGE_SHIFT; a map by logical is the same order.)
     */
    final TreeMap<Long, Extent> readaTree = new TreeMap<>(Long::compareUnsigned);
    /**
     * Extents taken out of the maps while a reference is still held (a failed copy that no
     * running control waits for, a scrubbed block): their zones count them until the last put.
     * Only the bookkeeping's cross-check reads it.
     */
    final Set<Extent> unhashedHeld = new HashSet<>();
    long zonesAlive;
    /** Why the last reada_find_extent failed (lock held). */
    private SkipReason findFailure;
    private final EngineMode mode;
    private final CopyPolicy copies;
    private final Expansions expansions;
    private final MachineState state = new MachineState(this);
    /** Zone streaming, when the config may stream and the filesystem is not mounted; else null. */
    final ZoneStream stream;
    /** When a batch of controls starts the stream: {@link StreamZones#ON} or {@link StreamZones#AUTO}. */
    private final StreamZones streamWhen;
    private static final Zone[] NO_ZONES = {};
    private static final long[] NO_PHYSICALS = {};

    ReadaMachine(ReadaheadTarget target, ReadaheadConfig config) {
        super(target, config);
        this.mode = config.engine();
        this.copies = CopyPolicy.of(config);
        this.expansions = new Expansions(this, target);
        // on a mounted filesystem a block read ahead of its parent may be rewritten before it is wanted
        this.stream = config.mayStreamZones() && !target.live() ? new ZoneStream(this, config.streamBufferBytes(),
                config.streamHelp(), ReadaheadConfig.STREAM_LEAF_GAP_BYTES)
                : null;
        this.streamWhen = config.streamZones();
    }

    @Override
    Strategy strategy() {
        return Strategy.READA;
    }

    // ================================================================ btrfs_reada_add

    /**
     * Under {@link StreamZones#AUTO}, a batch whose whole trees are dense in what the stream reads
     * starts the stream before any of its roots is queued (so that no tree's children are queued
     * for reads of their own before the stream is there to serve them). Leaves first ({@link
     * ReadaheadConfig#streamLeaves}) where those trees leave much of it to skip: the leaves wait
     * for a plan made once the nodes are read. Not for a batch with a control that follows leaves:
     * it reads the nodes its leaves name, long after the plan.
     */
    @Override
    void batchStarting(List<ReadaheadRequest> batch) {
        if (stream == null || streamWhen != StreamZones.AUTO) {
            return;
        }
        double density = density(batch);
        if (density >= config.streamDensity()) {
            stream.start(config.streamLeaves() && density < ReadaheadConfig.LEAVES_FIRST_BELOW
                    && batch.stream().noneMatch(r -> r.following().any()));
        }
    }

    @Override
    void batchEnded() {
        boolean schedule;
        lock.lock();
        try {
            schedule = kickLocked(); // a leaves-first stream waits for the batch to be added
        } finally {
            lock.unlock();
        }
        scheduleIf(schedule);
    }

    /**
     * What fraction of the bytes the stream would read (the tree block groups but their large
     * free ranges, see {@link ZoneStream#parts}) the trees {@code batch} reads whole hold: from
     * {@link ReadaheadConfig#streamDensity} on, reading those costs less than the blocks' own
     * reads would; -1 when it reads no whole tree. Why whole trees only: a key range's share of
     * its tree is not known before it is walked. Trees that share blocks (snapshots) count them
     * once each, so a batch of snapshots may stream where their distinct blocks alone would not.
     */
    private double density(List<ReadaheadRequest> batch) {
        Map<Long, Long> treeBytes = target.treeBytes();
        Set<Long> whole = new HashSet<>();
        long bytes = 0;
        for (ReadaheadRequest request : batch) {
            if (request.wholeRange() && whole.add(request.tree())) {
                bytes += treeBytes.getOrDefault(request.tree(), 0L);
            }
        }
        long streamed = 0;
        for (BlockGroup group : target.treeBlockGroups()) {
            streamed += ZoneStream.bytes(ZoneStream.parts(target, group));
        }
        return streamed == 0 || whole.isEmpty() ? -1 : (double) bytes / streamed;
    }

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
        if (stream != null && streamWhen == StreamZones.ON && request.wholeRange()) {
            // a whole tree makes its block groups dense enough to stream; a key range does not
            // start the stream (it is served by one that runs). Before the root is queued: its
            // children may wait for the stream.
            stream.start(false);
        }
        Mapping m = map(request.rootLogical());
        ControlImpl rc;
        boolean schedule;
        lock.lock();
        try {
            expansions.starting(request);
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
     * reada_add_block: find or create the extent and hang a record of the control on it. A
     * failure (no zone at all) is counted as an error of the control. False if nothing was
     * queued: a failure, or (following leaves) a block this run reads or read completely already.
     */
    private boolean readaAddBlock(ControlImpl rc, long logical, Key from, Key top, long generation, int level,
            Scope scope, Mapping m) {
        if (expansions.coveredAlready(rc, logical, generation, readaTree.get(logical))) {
            rc.shared++;
            skipped(logical, rc, SkipReason.SHARED);
            return false;
        }
        Extent re = readaFindExtent(logical, from, top, m); // takes one ref, kept by the record
        if (re == null) {
            if (expansions.isChange(findFailure)) {
                rc.changed++;
            } else {
                rc.error(logical, 0, findFailure.explanation());
            }
            skipped(logical, rc, findFailure);
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
     * reada_find_extent: the existing extent (one more ref), or a new one queued in the zone of
     * each usable mirror and in each such device's extent map. {@code m} was mapped before taking
     * the lock (kernel: btrfs_map_block runs outside reada_lock).
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
        // Deviation: v4.19 refuses blocks with more than BTRFS_MAX_MIRRORS (3) stripes; RAID1C3
        // plus a replace target, or RAID1C4 (both later than v4.19) have more, and nothing here
        // depends on a fixed array size, so there is no limit.
        List<Zone> zones = new ArrayList<>(m.mirrors().size());
        long[] physicals = new long[m.mirrors().size()];
        for (StripeCopy copy : m.mirrors()) {
            // "cannot read ahead on missing device", and a dev-replace target is skipped: "this
            // device is selected for reading only as a last resort". Deviation: v4.19 still gives
            // the target a zone (counted, never queued); none is made here, so the target never
            // picks a zone and locks a peer for nothing.
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
            findFailure = SkipReason.MISSING_DEVICE; // "not a single zone found, error and out"
            return null;
        }
        re = new Extent(logical, from, top, zones.toArray(Zone[]::new), Arrays.copyOf(physicals, zones.size()));
        re.refcnt = 1;
        if (!mode.readsOwnCopy()) {
            re.stripes = m.mirrors().toArray(StripeCopy[]::new);
        }
        copies.created(re);
        if (!insert(re)) {
            findFailure = SkipReason.BUSY;
            return null;
        }
        return re;
    }

    /**
     * "insert extent in reada_tree + all per-device trees, all or nothing": a device map that still
     * holds an extent of this address (it must not: an extent leaves every map together with the
     * global one, see {@link #unhash}) undoes the insert, as the kernel unwinds on -EEXIST,
     * instead of leaving a device that never reads the new extent.
     */
    private boolean insert(Extent re) {
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
                    readaZoneRelease(z);
                }
                return false;
            }
            inserted.add(zone.device);
        }
        return true;
    }

    /**
     * reada_find_zone: the zone of the block group holding {@code logical} on {@code dev},
     * created on first use with the block's stripe devices as its peers.
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
        return e != null && e.getValue().covers(logical) ? e.getValue() : null;
    }

    /**
     * The extent leaves the global map and every device map at once, so that a control adding
     * its block afterwards makes a new extent that every device holding a copy queues. Its zones
     * keep their elements until its last reference is put.
     */
    void unhash(Extent re) {
        readaTree.remove(re.logical, re);
        for (Zone zone : re.zones) {
            zone.device.extents.remove(re.logical, re);
        }
        if (re.refcnt > 0) {
            unhashedHeld.add(re);
        } else if (!unhashedHeld.isEmpty()) { // the last put; nearly always empty on this path
            unhashedHeld.remove(re);
        }
    }

    /** reada_extent_put: at refcount 0 the extent leaves every map, and its zones lose an element. */
    void readaExtentPut(Extent re) {
        if (--re.refcnt > 0) {
            return;
        }
        unhash(re);
        for (int i = 0; i < re.zones.length; i++) {
            if (re.checks == null || re.checks.live(i)) { // a scrubbed copy left its zone when read
                --re.zones[i].elems;
                readaZoneRelease(re.zones[i]);
            }
        }
    }

    /**
     * A copy in {@code zone} is done with (read in scrub mode, or dropped as bad): it leaves the
     * zone, and the device's map when the device has no other copy of the extent to read.
     */
    void leaveZone(Extent re, Zone zone) {
        --zone.elems;
        if (!re.liveOn(zone.device)) {
            zone.device.extents.remove(re.logical, re);
        }
        readaZoneRelease(zone);
    }

    /**
     * reada_zone_release with kref semantics: a zone is referenced while it has elements and
     * while it is a device's curr_zone; without either it is freed (leaves the device's zone map).
     */
    private void readaZoneRelease(Zone zone) {
        if (zone.elems == 0 && zone.device.currZone != zone && !zone.freed) {
            zone.device.zones.remove(zone.end, zone);
            zone.freed = true;
            zonesAlive--;
        }
    }

    // ================================================================ the machine

    /**
     * __reada_start_machine: round after round, every device with room (in_flight &lt; MAX) gets
     * one reada_start_machine_dev, as long as some device submitted a read and fewer than the
     * bound (10000) were submitted in this pass. True when it stopped at the bound with work
     * left: the caller hands over to a fresh worker ("to not hold the caller for too long").
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
        if (enqueued == 0 && stream != null) {
            planLeaves();
        }
        return enqueued > 0 && !isAborted();
    }

    /**
     * reada_start_machine_dev: the next extent of this device's current zone, in ascending
     * logical order from reada_next; re-pick a zone when the current one is exhausted. Returns
     * the read to issue (the caller issues it after releasing the lock), or null.
     */
    private Submission readaStartMachineDev(Dev dev) {
        if (dev.currZone == null && !readaPickZone(dev)) {
            return null;
        }
        Extent re = nextInZone(dev);
        if (re == null) {
            // the current zone is exhausted (nothing left to read in it from reada_next on)
            if (!readaPickZone(dev)) {
                return null;
            }
            re = nextInZone(dev);
        }
        if (re == null) {
            return null;
        }
        dev.readaNext = re.logical + nodesize;
        if (!needsRead(re, dev)) {
            return null; // v4.19: "if (re->scheduled || list_empty(&re->extctl)) return 0"
        }
        List<Extent> run = Coalescing.run(this, dev, re);
        dev.readaNext = run.get(run.size() - 1).logical + nodesize; // the device reads sequentially
        dev.inFlight++; // a coalesced read is one read, as one bio of several extents would be
        List<StripeCopy> read = new ArrayList<>(run.size());
        long first = 0;
        for (Extent e : run) {
            // the workbench reads THIS device's copy; v4.19 the copy its mirror_num names
            StripeCopy copy = mode.readsOwnCopy() ? e.copyOn(dev) : e.mirrorNumCopy(dev);
            copies.scheduled(e, copy, dev);
            read.add(copy);
            dev.reading.add(e);
            dev.countSubmit(copy.physical(), nodesize);
            if (tracing()) {
                long seq = nextSeq();
                first = first == 0 ? seq : first;
                emit(new ReadaheadEvent.Submit(seq, now(), dev.devid, e.logical, copy.devid(), copy.physical(),
                        dev.inFlight, first));
            }
        }
        if (!mode.holdsInFlightUntilCompletion()) {
            dev.inFlight--; // v4.19: atomic_dec right after reada_tree_block_flagged
        }
        return new Submission(run, read, dev);
    }

    /**
     * The extent to look at next in the current zone from reada_next on. v4.19 takes the first
     * queued one, busy or not (a busy one then ends the device's turn); the workbench the first
     * that needs a read, moving reada_next past the others (see {@link EngineMode#skipsBusyExtents()}).
     */
    private Extent nextInZone(Dev dev) {
        long zoneEnd = dev.currZone.end;
        for (Extent re = firstQueuedFrom(dev, dev.readaNext); re != null
                && Long.compareUnsigned(re.logical, zoneEnd) <= 0; re = firstQueuedFrom(dev, dev.readaNext)) {
            if (!mode.skipsBusyExtents() || needsRead(re, dev)) {
                return re;
            }
            dev.readaNext = re.logical + nodesize;
        }
        return null;
    }

    /** Whether {@code dev} should read {@code re} now (the copy policy decides). */
    boolean needsRead(Extent re, Dev dev) {
        return copies.needsRead(re, dev);
    }

    static Extent firstQueuedFrom(Dev dev, long logical) {
        Map.Entry<Long, Extent> e = dev.extents.ceilingEntry(logical);
        return e == null ? null : e.getValue();
    }

    /**
     * reada_pick_zone: drop the current zone (unlocking its peers), then take the zone with the
     * most elements — an unlocked one if there is any, else a locked one — set reada_next to its
     * start and lock its peers. False if the device has no zone with elements.
     */
    private boolean readaPickZone(Dev dev) {
        if (dev.currZone != null) {
            Zone old = dev.currZone;
            readaPeerZonesSetLock(old, false);
            dev.currZone = null;
            readaZoneRelease(old); // drop curr_zone's reference
        }
        Zone top = null;
        Zone topLocked = null;
        for (Zone zone : dev.zones.values()) { // ascending: of equally full zones the first wins
            if (zone.locked) {
                topLocked = zone.elems > (topLocked == null ? 0 : topLocked.elems) ? zone : topLocked;
            } else {
                top = zone.elems > (top == null ? 0 : top.elems) ? zone : top;
            }
        }
        // The fullest zone: one ascending sweep through it reads the most blocks per seek. Prefer
        // an unlocked zone: a locked one is being read on a peer right now, and reading the same
        // area on both sides of a mirror wastes the seeks of one of them. A locked zone is still
        // better than idling.
        Zone pick = top != null ? top : topLocked;
        if (pick == null) {
            return false;
        }
        if (tracing()) {
            emit(new ReadaheadEvent.Pick(nextSeq(), now(), dev.devid, pick.start, pick.end, pick.elems, pick.locked,
                    zonesOf(dev)));
        }
        dev.currZone = pick;
        dev.readaNext = pick.start;
        readaPeerZonesSetLock(pick, true);
        return true;
    }

    /** Every zone of the device as the pick saw it: the trace checks the choice from these. */
    private static List<ReadaheadEvent.ZoneState> zonesOf(Dev dev) {
        List<ReadaheadEvent.ZoneState> zones = new ArrayList<>(dev.zones.size());
        for (Zone z : dev.zones.values()) {
            zones.add(new ReadaheadEvent.ZoneState(z.start, z.elems, z.locked));
        }
        return zones;
    }

    /**
     * reada_peer_zones_set_lock: on every other device of the zone's stripes, the zone covering
     * this zone's end gets locked (or unlocked). A plain flag, as in the kernel, with its quirks
     * kept: unlocking on a re-pick clears it even if a third device (RAID1C3) still reads that
     * block group, and a peer zone freed and created again meanwhile starts unlocked.
     */
    private void readaPeerZonesSetLock(Zone zone, boolean lock) {
        for (long devid : zone.devs) {
            Dev peerDev = devById.get(devid);
            Zone peer = peerDev == null ? null : zoneCovering(peerDev, zone.end);
            if (peer != null && peer.device != zone.device) {
                peer.locked = lock;
            }
        }
    }

    // ================================================================ reads and the hook

    /**
     * Issues the read, without the lock. The kernel submits a bio whose end_io calls
     * btree_readahead_hook; here the target's asynchronous read calls back (once: a read that
     * throws counts as failed).
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
     * __readahead_hook: a read completed.
     * <ol>
     * <li>in_flight--; take the whole record list off the extent, scheduled = 0.</li>
     * <li>Error: nothing to descend into, the branch is cut. Leaf: nothing either (leaf contents
     * are ignored). Node: for each child i with key_i and next_key = key_(i+1) (or the extent's
     * top for the last child), every record whose generation matches the node's and whose range
     * intersects the child's span adds the child with top = next_key and the pointer's
     * generation.</li>
     * <li>Then every record is released: control elems--, extent ref--.</li>
     * <li>Restart the machine.</li>
     * </ol>
     * The records are released only after all children were added, so a control's elems cannot
     * reach 0 while its subtree is still being expanded. What a completed copy means — cut,
     * failover, scrub — is the {@link CopyPolicy}'s.
     */
    private void readaheadHook(Submission s, int index, ReadBlock block, String error) {
        Extent re = s.extents.get(index);
        StripeCopy copy = s.copies.get(index);
        Expansions.Found found = new Expansions.Found();
        List<ControlImpl> holds = new ArrayList<>();
        List<ExtCtl> done;
        lock.lock();
        try {
            completed(s, re, copy, block, error);
            done = copies.completed(this, re, copy, block, error, s.dev, found, holds);
        } finally {
            lock.unlock();
        }
        publish();
        addCandidates(expansions.expand(re, found), List.of());
        boolean schedule;
        lock.lock();
        try {
            for (ExtCtl rec : done) {
                elemPutLocked(rec.rc());
                readaExtentPut(re); // one ref for each record
            }
            holds.forEach(this::elemPutLocked); // their children are added now
            copies.released(this, re);
            schedule = kickLocked(); // btree_readahead_hook: reada_start_machine
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
    }

    /** The read's own bookkeeping: in_flight, the device's counters, the complete event. */
    private void completed(Submission s, Extent re, StripeCopy copy, ReadBlock block, String error) {
        Dev dev = s.dev;
        boolean ok = block != null;
        if (--s.pending == 0 && mode.holdsInFlightUntilCompletion()) {
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
     * including those that came while the read was in flight, is served by this read.
     */
    List<ExtCtl> takeRecords(Extent re) {
        List<ExtCtl> list = re.extctl;
        re.extctl = new ArrayList<>(1);
        re.scheduled = false;
        re.scheduledFor = null;
        return list;
    }

    /**
     * The records get the block that was read: counted, and the children they want collected; a
     * record whose block is at a level its parent rules out gets an error instead.
     */
    void serve(Extent re, List<ExtCtl> records, ReadBlock block, Dev dev, Expansions.Found out) {
        List<ExtCtl> matching = new ArrayList<>(records.size());
        out.served = block;
        for (ExtCtl rec : records) {
            ControlImpl rc = rec.rc();
            if (expansions.changedUnder(rec, block)) {
                expansions.changed(re, rec, out);
            } else if (!mode.acceptsLevel(rec.level(), block.level())) {
                // no failover here: the copy passed its checksum, so it holds what btrfs wrote
                // and the other copies hold the same
                rc.error(re.logical, dev.devid, levelMismatch(block.level(), rec.level()));
                skipped(re.logical, rc, SkipReason.LEVEL);
            } else {
                rc.blocks++;
                matching.add(rec);
            }
        }
        collectChildren(re, block, matching, out);
    }

    /**
     * The hook's loop over the children, child by child as the kernel, for the records whose
     * block was read correctly: "if the generation doesn't match, just ignore this extctl", and
     * only children whose span [key_i, next_key) meets the record's range. What leaves name and
     * restarts are the {@link Expansions}'.
     */
    private void collectChildren(Extent re, ReadBlock block, List<ExtCtl> list, Expansions.Found x) {
        boolean leaf = block.level() == 0;
        List<ExtCtl> matching = new ArrayList<>(list.size());
        for (ExtCtl rec : list) {
            if (rec.rc().cancelled || leaf && !Expansions.readsLeaves(rec)) {
                continue; // cancel: stop adding for this control; a kernel leaf: nothing to add
            }
            if (rec.generation() != block.generation()) {
                expansions.generationSkip(re, rec, x);
                continue;
            }
            expansions.expanding(re, rec);
            matching.add(rec);
        }
        if (matching.isEmpty()) {
            return;
        }
        if (leaf) {
            expansions.atLeaf(matching, x);
            return;
        }
        List<NodePointer> ptrs = block.pointers();
        for (int i = 0; i < ptrs.size(); i++) {
            NodePointer ptr = ptrs.get(i);
            Key key = ptr.key();
            Key nextKey = i + 1 < ptrs.size() ? ptrs.get(i + 1).key() : re.top;
            boolean existed = readaTree.containsKey(ptr.blockptr());
            for (ExtCtl rec : matching) {
                ControlImpl rc = rec.rc();
                if (key.isBefore(rec.rangeEnd()) && nextKey.isAfter(rec.rangeStart())) {
                    x.candidates.add(new Expansions.Candidate(rc, ptr.blockptr(), Expansions.fromKept(rc, key),
                            nextKey, ptr.generation(), block.level() - 1, rec.scope(), Expansions.Via.CHILD, existed));
                } else {
                    skipped(ptr.blockptr(), rc, SkipReason.RANGE);
                }
            }
        }
    }

    /**
     * reada_add_block for each wanted child. With zone streaming a child is served from the stream
     * or waits for it where it can (see {@link ZoneStream}), unmapped: the plan knows its slot.
     * Any other child is mapped first, without the lock; a planned child the stream does not serve
     * after all, and one that existed when collected but was freed meanwhile, are mapped then and
     * added in the next round. The children of the blocks served are added in the next round too,
     * and their records released only when all are added. {@code released}: children that waited
     * for the stream, each holding an element of its control until it is served or queued.
     */
    private void addCandidates(List<Expansions.Candidate> candidates, List<Expansions.Candidate> released) {
        Map<Long, Mapping> mapped = new HashMap<>();
        List<Expansions.Candidate> pending = candidates;
        List<Expansions.Candidate> held = released;
        List<Served> served = new ArrayList<>();
        while (!pending.isEmpty() || !held.isEmpty()) {
            for (Expansions.Candidate c : pending) {
                if (!c.existed && (stream == null || !stream.plans(c))) {
                    mapped.computeIfAbsent(c.logical, this::map);
                }
            }
            List<Expansions.Candidate> unmapped = new ArrayList<>();
            List<Expansions.Candidate> stillHeld = new ArrayList<>();
            List<Served> now = new ArrayList<>();
            lock.lock();
            try {
                for (Expansions.Candidate c : held) {
                    if (!c.rc.cancelled && !addOne(c, mapped, now, false)) {
                        stillHeld.add(c); // keeps the stream's hold until it is mapped and queued
                    } else {
                        elemPutLocked(c.rc); // the stream's hold
                    }
                }
                for (Expansions.Candidate c : pending) {
                    if (!c.rc.cancelled && !addOne(c, mapped, now, true)) {
                        unmapped.add(c);
                    }
                }
            } finally {
                lock.unlock();
            }
            publish();
            List<Expansions.Candidate> next = new ArrayList<>(unmapped);
            for (Served s : now) {
                next.addAll(expansions.expand(s.extent(), s.found()));
            }
            served.addAll(now);
            mapAll(unmapped, mapped);
            mapAll(stillHeld, mapped);
            pending = next;
            held = stillHeld;
        }
        releaseServed(served);
    }

    /** Maps the children not mapped yet, without the lock. */
    private void mapAll(List<Expansions.Candidate> children, Map<Long, Mapping> mapped) {
        for (Expansions.Candidate c : children) {
            mapped.computeIfAbsent(c.logical, this::map);
        }
    }

    /**
     * One child: from the stream, waiting for it, or queued (lock held); false when it must be
     * mapped first. A child whose extent existed when collected joins it unmapped, as the kernel's
     * reada_find_extent finds it before mapping; one freed meanwhile is mapped.
     */
    private boolean addOne(Expansions.Candidate c, Map<Long, Mapping> mapped, List<Served> served, boolean mayWait) {
        ZoneStream.Streamed s = stream == null || c.existed ? null : stream.offer(c, mayWait);
        if (s == ZoneStream.WAITING) {
            return true;
        } else if (s != null) {
            served.add(serveStreamed(c, s));
            return true;
        }
        Mapping m = mapped.get(c.logical);
        if (m == null && !(c.existed && readaTree.containsKey(c.logical))) {
            c.existed = false;
            return false;
        }
        if (readaAddBlock(c.rc, c.logical, c.from, c.top, c.generation, c.level, c.scope,
                m != null ? m : Mapping.UNMAPPED)) {
            Expansions.counted(c);
        }
        return true;
    }

    /** A block the stream served: the extent it stands for, its record, what it leads to. */
    private record Served(Extent extent, List<ExtCtl> records, Expansions.Found found) {
    }

    /**
     * The block the stream read serves the child as a completed read would (lock held): an extent
     * of its own, in no map and no zone (no device reads it), with the child's record, served by
     * the hook's own rules.
     */
    private Served serveStreamed(Expansions.Candidate c, ZoneStream.Streamed s) {
        Extent re = new Extent(c.logical, c.from, c.top, NO_ZONES, NO_PHYSICALS);
        re.refcnt = 1;
        List<ExtCtl> records = List.of(new ExtCtl(c.rc, c.generation, c.level, c.scope));
        c.rc.elems++;
        Expansions.counted(c);
        ReadBlock block = s.block();
        if (tracing()) {
            emit(new ReadaheadEvent.Enqueue(nextSeq(), now(), c.logical, c.rc.id(), c.generation));
            emit(new ReadaheadEvent.Complete(nextSeq(), now(), s.devid(), c.logical, true, block.level(),
                    block.generation(), null, true));
        }
        Dev dev = devById.get(s.devid());
        dev.countServed();
        dev.remember(new ExtentSnapshot(c.logical, s.physical(), ExtentStatus.DONE, dev.devid, 0, block.generation()),
                config.recentPerDevice());
        Expansions.Found found = new Expansions.Found();
        serve(re, records, block, dev, found);
        return new Served(re, records, found);
    }

    /** After their children were added: the records of the blocks served from the stream go. */
    private void releaseServed(List<Served> served) {
        if (served.isEmpty()) {
            return;
        }
        boolean schedule;
        lock.lock();
        try {
            for (Served s : served) {
                s.records().forEach(rec -> elemPutLocked(rec.rc()));
            }
            schedule = kickLocked();
        } finally {
            lock.unlock();
        }
        publish();
        scheduleIf(schedule);
    }

    /**
     * A read of the zone stream was answered (its blocks are in the index): the children waiting
     * for its slots are served or queued.
     */
    void streamed(ZoneStream zs, ZoneStream.SpanRead read) {
        List<Expansions.Candidate> ready;
        lock.lock();
        try {
            ready = zs.answeredLocked(read);
        } finally {
            lock.unlock();
        }
        addReleased(ready);
    }

    /**
     * A leaves-first stream's plan, once the walk has read every node (see {@link
     * ZoneStream#planLeavesOnceNodesRead}): the leaves it does not stream are queued.
     */
    private void planLeaves() {
        List<Expansions.Candidate> unplanned = stream.planLeavesOnceNodesRead();
        if (unplanned != null) {
            addReleased(unplanned);
        }
    }

    /** Children released by the stream, each holding an element: served or queued, then the machine runs. */
    private void addReleased(List<Expansions.Candidate> ready) {
        addCandidates(List.of(), ready);
        boolean schedule;
        lock.lock();
        try {
            schedule = kickLocked(); // the waiters queued for a per-block read
        } finally {
            lock.unlock();
        }
        scheduleIf(schedule);
    }

    // ================================================================ cancel

    /** See {@link Cancel}: not in v4.19. */
    @Override
    void cancel(ControlImpl rc) {
        Cancel.cancel(this, rc);
    }

    // ================================================================ state

    @Override
    EngineState state() {
        return state;
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import btrfs.workbench.metadata.fs.ByteRange;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Zone streaming (not in v4.19; started by a batch of whole trees dense in the tree block groups
 * under {@link StreamZones#AUTO}, by any whole tree under {@link StreamZones#ON}): every block
 * group that holds tree blocks is read once, front to back, in large sequential reads — its range
 * split across its mirrors, each copy reading one share ({@link ShareOrder} says which), so that
 * all devices stream their shares at once: the reads of the one-copy floor. A device that has issued its
 * share helps a slower mirror with the last of that mirror's unissued slots it holds a copy of,
 * reading them from its own copy ({@link #nextReads}). Leaves first ({@link
 * ReadaheadConfig#streamLeaves}, where the batch's trees hold only a part of those groups): the
 * plan waits until the walk has read the nodes per block, and is made of the leaves they name
 * instead of the groups' used ranges ({@link LeafParts}, {@link #planLeavesOnceNodesRead}).
 * Every slot of a read that validates as a tree block is kept in a bounded index. The tree walk then takes a block from the index instead
 * of queueing a read of it, and waits for the stream when the block's slot is still ahead of it.
 * <p>
 * The stream only ever saves reads; it never decides what a block is. A block served from it goes
 * through the hook's rules as a read of that copy would (a generation or level other than its
 * parent's is a skip or an error there, as it is for a read: both copies of a valid block are
 * alike). A slot that did not validate (free space, a bad copy), a block whose slot the stream
 * will not reach (it stopped, or the block lies outside the tree block groups), a control that
 * follows leaves or restarts (they need the leaf's contents, which the index drops): all take the
 * per-block path with its failover, as without streaming. So a run streams or not, the same
 * blocks are validated and the same errors reported.
 * <p>
 * Memory: the index keeps, per slot of the plan, a leaf's header numbers in arrays (some 20 bytes
 * per 16 KiB of metadata, allocated with the plan, no object per block for the collector to copy)
 * and a node with its pointers; when the nodes' estimate passes
 * {@link ReadaheadConfig#streamBufferBytes()} the stream stops (what it holds is still served, the
 * rest is read per block). It stops too when no control is running, and goes on when one is added.
 * The index is written by the I/O threads, slot by slot, and read with the engine lock held only
 * for the slots of reads finished (their writes happen before the finish, which takes the lock).
 */
final class ZoneStream {

    /** One read of the stream: like the floor's {@code dd bs=1M}. */
    static final int READ_BYTES = 1 << 20;
    /**
     * Reads a device's stream keeps in flight: the next ones are on their way while one is
     * validated (measured on loop devices with O_DIRECT: 2 reads 0.71-0.76 s, 4 reads 0.65-0.70 s
     * for 2 GiB of metadata on four devices; 6 no better).
     */
    static final int READS_IN_FLIGHT = 4;
    /** The estimated bytes of a node the index keeps, and of each of its pointers. */
    private static final long NODE_BYTES = 96;
    private static final long POINTER_BYTES = 72;
    /** The level of a slot that holds no block the index keeps (yet). */
    private static final byte NO_BLOCK = -1;

    /** A block the stream read and validated: from which device, at which offset. */
    record Streamed(ReadBlock block, long devid, long physical) {
    }

    /** {@link #offer}'s answer for a candidate that waits for the stream. */
    static final Streamed WAITING = new Streamed(null, 0, 0);

    /**
     * One read of the stream, the slots {@code [from, to)} of {@code owner}'s plan, read by {@code
     * reader}: the owner itself, or a peer that has read its own share and helps (its copies of
     * those slots at {@code helperPhysicals}).
     */
    static final class SpanRead {
        final DeviceStream owner;
        final DeviceStream reader;
        final int from;
        final int to;
        /** A helper's read: where its copy of each slot lies on its device; null for the owner's own. */
        final long[] helperPhysicals;
        final AtomicInteger unanswered;
        boolean answered;
        /** When the read was issued and answered, in the engine's clock (for its event). */
        volatile long issuedAt;
        volatile long answeredAt;

        SpanRead(DeviceStream owner, DeviceStream reader, int from, int to, long[] helperPhysicals) {
            this.owner = owner;
            this.reader = reader;
            this.from = from;
            this.to = to;
            this.helperPhysicals = helperPhysicals;
            this.unanswered = new AtomicInteger(to - from);
        }

        /** Where the reader reads slot {@code slot}. */
        long physical(int slot) {
            return helperPhysicals == null ? owner.physicals[slot] : helperPhysicals[slot - from];
        }
    }

    /**
     * A device's share of every streamed block group: its slots in ascending physical order. What
     * it reads next is guarded by its own monitor, so that a read answered issues the next one at
     * once, without waiting for the engine lock; what it finished, by the engine lock.
     */
    static final class DeviceStream {
        final Dev dev;
        final long[] physicals;
        final long[] logicals;
        private final int nodesize;
        /**
         * The first slot of each run of slots that lie back to back both on the device and in the
         * address space (one stripe of one block group, mostly): a run's copies lie together. Null
         * until a peer first asks for help: without {@code --stream-help} no stream needs them.
         */
        private int[] runStarts;
        /** The next slot to read. */
        private int next;
        /** Runs of slots at or after {@link #next} taken by helping peers: first slot to end. */
        private final TreeMap<Integer, Integer> given = new TreeMap<>();
        /** How many slots {@link #given} holds at or after {@link #next}. */
        private int givenAhead;
        /** Reads issued and not yet finished, in the order they were issued. */
        private final ArrayDeque<SpanRead> unfinished = new ArrayDeque<>();
        private int reading;
        /** Its own slots before this one have been read and their waiters served (engine lock). */
        int doneSlots;
        /**
         * The helpers' finished reads of its slots, by their first slot (engine lock): which of the
         * given slots are read, and which copy read each.
         */
        private final TreeMap<Integer, SpanRead> helped = new TreeMap<>();
        /** The index, per slot: the block's level ({@link #NO_BLOCK} if none) and header numbers. */
        final byte[] levels;
        final long[] generations;
        final long[] fingerprints;
        final int[] nritems;

        DeviceStream(Dev dev, long[] physicals, long[] logicals, int nodesize) {
            this.dev = dev;
            this.physicals = physicals;
            this.logicals = logicals;
            this.nodesize = nodesize;
            this.levels = new byte[physicals.length];
            Arrays.fill(levels, NO_BLOCK);
            this.generations = new long[physicals.length];
            this.fingerprints = new long[physicals.length];
            this.nritems = new int[physicals.length];
        }

        private static int[] runStarts(long[] physicals, long[] logicals, int nodesize) {
            int[] starts = new int[physicals.length];
            int runs = 0;
            for (int i = 0; i < physicals.length; i++) {
                boolean backToBack = i > 0 && physicals[i] == physicals[i - 1] + nodesize
                        && logicals[i] == logicals[i - 1] + nodesize;
                if (!backToBack) {
                    starts[runs++] = i;
                }
            }
            return Arrays.copyOf(starts, runs);
        }

        /** The first slot of the run holding {@code slot}. */
        private int runStart(int slot) {
            int i = Arrays.binarySearch(runStarts, slot);
            return i >= 0 ? slot : runStarts[-i - 2];
        }

        /**
         * The reads to issue now, each the next run of back-to-back slots, up to
         * {@link #READS_IN_FLIGHT}; {@code answered}: a read of this device was answered.
         */
        synchronized List<SpanRead> nextReads(boolean active, boolean answered) {
            reading -= answered ? 1 : 0;
            List<SpanRead> out = new ArrayList<>(READS_IN_FLIGHT);
            while (active && reading < READS_IN_FLIGHT && skipGiven() < physicals.length) {
                int from = next;
                Integer givenNext = given.higherKey(from);
                int limit = givenNext == null ? physicals.length : givenNext;
                int to = from + 1;
                while (to < limit && physicals[to] == physicals[to - 1] + nodesize
                        && (long) (to - from + 1) * nodesize <= READ_BYTES) {
                    to++;
                }
                next = to;
                reading++;
                SpanRead read = new SpanRead(this, this, from, to, null);
                unfinished.addLast(read);
                out.add(read);
            }
            return out;
        }

        /** Moves {@link #next} past the given runs that start there; returns it. */
        private int skipGiven() {
            for (Integer to = given.get(next); to != null; to = given.get(next)) {
                givenAhead -= to - next;
                next = to;
            }
            return next;
        }

        /** Takes a place in flight for a read of a peer's slots, if its own are all issued and one is free. */
        synchronized boolean reserveHelp() {
            if (skipGiven() < physicals.length || reading >= READS_IN_FLIGHT) {
                return false;
            }
            reading++;
            return true;
        }

        /** The reserved place goes to {@code read}, or back when there was nothing to help with. */
        synchronized void helping(SpanRead read) {
            if (read == null) {
                reading--;
            } else {
                unfinished.addLast(read);
            }
        }

        /** Slots of its own not yet issued. */
        synchronized int unissued() {
            return physicals.length - skipGiven() - givenAhead;
        }

        /**
         * Gives {@code helper} a read's worth of its unissued slots whose copies lie back to back on
         * the helper's device — the last such, looking from the back — or null. Only while at least
         * two reads' worth are left, and never its next read's worth: that goes to its owner first.
         */
        synchronized SpanRead give(DeviceStream helper, SlotCopies copies) {
            int perRead = READ_BYTES / nodesize;
            if (unissued() < 2 * perRead) {
                return null;
            }
            if (runStarts == null) {
                runStarts = runStarts(physicals, logicals, nodesize);
            }
            int keep = next + perRead;
            int to = physicals.length;
            while (to > keep) {
                Map.Entry<Integer, Integer> taken = given.lowerEntry(to);
                if (taken != null && taken.getValue() >= to) {
                    to = taken.getKey(); // slot to - 1 is a helper's already
                } else if (copies.physicalOn(helper.dev, logicals[to - 1]) < 0) {
                    to = runStart(to - 1); // the helper holds no copy of this run
                } else {
                    return giveBefore(to, Math.max(keep, to - perRead), helper, copies);
                }
            }
            return null;
        }

        /** The slots up to {@code to} whose helper copies lie back to back, back to {@code limit} at most. */
        private SpanRead giveBefore(int to, int limit, DeviceStream helper, SlotCopies copies) {
            Map.Entry<Integer, Integer> taken = given.lowerEntry(to);
            int bound = Math.max(limit, taken == null ? 0 : taken.getValue());
            long[] at = new long[to - bound];
            int from = to;
            while (from > bound) {
                long physical = copies.physicalOn(helper.dev, logicals[from - 1]);
                if (physical < 0 || (from < to && physical != at[from - bound] - nodesize)) {
                    break;
                }
                from--;
                at[from - bound] = physical;
            }
            given.put(from, to);
            givenAhead += to - from;
            return new SpanRead(this, helper, from, to, Arrays.copyOfRange(at, from - bound, to - bound));
        }

        /** Whether {@code slot} was given to a helper. */
        synchronized boolean isGiven(int slot) {
            Map.Entry<Integer, Integer> taken = given.floorEntry(slot);
            return taken != null && slot < taken.getValue();
        }

        /** The reads finished by {@code read}'s answer: it and those after it answered before, in order. */
        synchronized List<SpanRead> finish(SpanRead read) {
            read.answered = true;
            List<SpanRead> done = new ArrayList<>(1);
            while (!unfinished.isEmpty() && unfinished.peekFirst().answered) {
                done.add(unfinished.pollFirst());
            }
            return done;
        }

        /** The helper's finished read holding {@code slot}, or null (engine lock). */
        SpanRead helpedRead(int slot) {
            Map.Entry<Integer, SpanRead> read = helped.floorEntry(slot);
            return read != null && slot < read.getValue().to ? read.getValue() : null;
        }

        synchronized boolean idle() {
            return unfinished.isEmpty();
        }

        synchronized void forget() {
            unfinished.clear();
            reading = 0;
        }
    }

    /** Where a device holds its copy of an address: its physical offset, or -1. */
    interface SlotCopies {
        long physicalOn(Dev dev, long logical);
    }

    private final ReadaMachine m;
    private final long bufferBytes;
    /** Whether a device that has issued its share helps a slower mirror ({@link ReadaheadConfig#streamHelp}). */
    private final boolean help;
    /** The nodes the stream read, with their pointers; the leaves are in the device streams' arrays. */
    private final Map<Long, ReadBlock> nodes = new ConcurrentHashMap<>();
    private final AtomicLong indexBytes = new AtomicLong();
    private final Map<Long, DeviceStream> streams = new HashMap<>();
    /** Where the plan streams each address; null until planned (written once, with the lock). */
    private volatile StreamSlots slots;
    /**
     * Per block group (by its start), where its copies' shares begin and end: an unstriped one's
     * levelled ({@link StreamShares}), a striped one's even in streamed bytes. Written once, by the plan.
     */
    private final Map<Long, long[]> cuts = new ConcurrentHashMap<>();
    /**
     * Per unstriped block group (by its start), which copy reads its j-th share from the front
     * ({@link ShareOrder}); a group without one reads in mirror order. Written once, by the plan.
     */
    private final Map<Long, int[]> shareOrders = new ConcurrentHashMap<>();
    /**
     * The blocks the walk wants whose slots the stream has not read yet, by address; each holds
     * one element of its control (so the control cannot finish) until the stream reaches its slot.
     */
    private final Map<Long, List<Expansions.Candidate>> waiting = new HashMap<>();
    private boolean planned;
    private volatile boolean active;
    /** What the plan reads of a block group: its used range, or the wanted leaves (leaves first). */
    private Function<BlockGroup, List<ByteRange>> partsOf;
    /**
     * Leaves first: the walk reads the nodes per block while every leaf it wants waits here,
     * unplanned; once no node is left to read, the plan is made of the waiting leaves (lock).
     */
    private volatile boolean collecting;
    /** The leaves' plan is being made (lock): once. */
    private boolean leafPlanTaken;
    /** Leaves first: the hole between wanted leaves a stream read reads through. */
    private final long leafGap;
    /** Reads to issue on this thread after the one being issued: a read answered at once must not recurse. */
    private final ThreadLocal<ArrayDeque<SpanRead>> issuing = new ThreadLocal<>();

    ZoneStream(ReadaMachine m, long bufferBytes, boolean help, long leafGap) {
        this.m = m;
        this.bufferBytes = bufferBytes;
        this.help = help;
        this.leafGap = leafGap;
        this.partsOf = group -> parts(m.target, group);
    }

    // ---------------------------------------------------------------- the plan

    /**
     * A control is being added. The first time, plans every device's share of every tree block
     * group (without the lock: it asks the target for each slot's mirrors); every time, (re)starts
     * the devices streaming where they stopped when the last control finished — unless the index
     * is full. {@code leavesFirst} (the first time only): no plan yet; the walk reads the nodes per
     * block and the leaves it wants wait for the plan {@link #planLeavesOnceNodesRead} makes of them.
     */
    synchronized void start(boolean leavesFirst) {
        if (leavesFirst && !planned) {
            planned = true;
            m.lock.lock();
            try {
                collecting = true;
            } finally {
                m.lock.unlock();
            }
            return;
        }
        List<BlockGroup> planning = planned ? List.of() : m.target.treeBlockGroups();
        Map<Dev, List<long[]>> planSlots = plan(planning);
        planned = true;
        m.lock.lock();
        try {
            if (!install(planning, planSlots) || active || indexBytes.get() > bufferBytes) {
                return;
            }
            active = true;
        } finally {
            m.lock.unlock();
        }
        issueFirstReads();
    }

    /** The plan's device streams and slots (lock held); false when no device streams anything. */
    private boolean install(List<BlockGroup> planning, Map<Dev, List<long[]>> planSlots) {
        planSlots.forEach((dev, list) -> streams.put(dev.devid, deviceStream(dev, list, m.nodesize)));
        if (!planning.isEmpty()) {
            slots = new StreamSlots(planning, streams.values(), m.nodesize);
        }
        return !streams.isEmpty();
    }

    private void issueFirstReads() {
        List<SpanRead> reads = new ArrayList<>();
        streams.values().forEach(s -> reads.addAll(nextReads(s, true, false)));
        issueAll(reads);
    }

    /**
     * Leaves first (without the lock): once no node is left to read — no block queued per block,
     * no batch being added — the plan is made of the leaves waiting, coalesced ({@link LeafParts}),
     * and the devices start streaming it. Returns the waiting leaves the plan does not stream (no
     * usable copy, a stripe unit straddled), each still holding its element, to be read per
     * block; null when it is not time (or was done). Why wait for every node: the leaves' plan is
     * made once, and a leaf found after it is read per block.
     */
    List<Expansions.Candidate> planLeavesOnceNodesRead() {
        if (!collecting) {
            return null; // every machine pass asks: no lock for a stream that is not collecting
        }
        long[] leaves;
        m.lock.lock();
        try {
            if (!collecting || leafPlanTaken || !m.readaTree.isEmpty() || m.addingBatch()) {
                return null;
            }
            leafPlanTaken = true;
            leaves = waiting.keySet().stream().mapToLong(Long::longValue).toArray();
        } finally {
            m.lock.unlock();
        }
        synchronized (this) {
            partsOf = new LeafParts(leaves, m.nodesize, leafGap)::of;
            List<BlockGroup> planning = m.target.treeBlockGroups();
            Map<Dev, List<long[]>> planSlots = plan(planning);
            List<Expansions.Candidate> unplanned = new ArrayList<>();
            m.lock.lock();
            try {
                collecting = false;
                boolean streaming = install(planning, planSlots);
                for (var it = waiting.entrySet().iterator(); it.hasNext();) {
                    var entry = it.next();
                    if (!streaming || slots.find(entry.getKey()) == StreamSlots.NONE) {
                        unplanned.addAll(entry.getValue());
                        it.remove();
                    }
                }
                active = streaming && !waiting.isEmpty();
            } finally {
                m.lock.unlock();
            }
            if (active) {
                issueFirstReads();
            }
            return unplanned;
        }
    }

    /**
     * Per device, (physical, logical) of every slot it streams of {@code groups}: the striped
     * block groups cut evenly among their copies in streamed bytes, then the unstriped ones, the
     * largest first, cut so that the devices' loads come out level ({@link StreamShares}).
     */
    Map<Dev, List<long[]>> plan(List<BlockGroup> groups) {
        Map<Dev, List<long[]>> slots = new HashMap<>();
        StreamShares shares = new StreamShares(m.nodesize);
        List<BlockGroup> unstriped = new ArrayList<>();
        for (BlockGroup group : groups) {
            if (group.stripeUnit() == 0) {
                unstriped.add(group);
            } else {
                cutStriped(group);
                planSlots(group, slots, shares);
            }
        }
        unstriped.sort((a, b) -> Long.compareUnsigned(b.length(), a.length()));
        List<BlockGroup> cut = new ArrayList<>();
        List<List<StripeCopy>> copies = new ArrayList<>();
        for (BlockGroup group : unstriped) {
            List<StripeCopy> usable = usableCopies(m.target.mirrors(group.start()));
            if (!usable.isEmpty()) {
                cut.add(group);
                copies.add(usable);
            }
        }
        // the shares level what each copy streams: a group's parts, not its free space
        List<List<ByteRange>> parts = cut.stream().map(partsOf).toList();
        List<long[]> cutsOfGroups = shares.cutAll(parts.stream().map(ZoneStream::bytes).toList(),
                copies.stream().map(c -> c.stream().map(StripeCopy::devid).toList()).toList());
        List<int[]> orders = ShareOrder.order(orderedGroups(cut, copies, cutsOfGroups));
        for (int g = 0; g < cut.size(); g++) {
            long start = cut.get(g).start();
            cuts.put(start, offsets(cut.get(g), parts.get(g), inOrder(cutsOfGroups.get(g), orders.get(g))));
            shareOrders.put(start, orders.get(g));
        }
        unstriped.forEach(group -> planSlots(group, slots, null));
        return slots;
    }

    /** The cut groups as {@link ShareOrder} sees them: their copies' stripes and streamed bytes. */
    private static List<ShareOrder.Group> orderedGroups(List<BlockGroup> groups, List<List<StripeCopy>> copies,
            List<long[]> cutsInMirrorOrder) {
        List<ShareOrder.Group> ordered = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            List<StripeCopy> c = copies.get(g);
            long[] cut = cutsInMirrorOrder.get(g);
            long[] devids = new long[c.size()];
            long[] physicals = new long[c.size()];
            long[] shares = new long[c.size()];
            for (int i = 0; i < devids.length; i++) {
                devids[i] = c.get(i).devid();
                physicals[i] = c.get(i).physical();
                shares[i] = cut[i + 1] - cut[i];
            }
            ordered.add(new ShareOrder.Group(groups.get(g).length(), devids, physicals, shares));
        }
        return ordered;
    }

    /** Cuts in mirror order (copy i reads from cut[i] to cut[i + 1]) laid out in {@code order}'s. */
    private static long[] inOrder(long[] cutInMirrorOrder, int[] order) {
        long[] cut = new long[cutInMirrorOrder.length];
        for (int j = 0; j < order.length; j++) {
            cut[j + 1] = cut[j] + cutInMirrorOrder[order[j] + 1] - cutInMirrorOrder[order[j]];
        }
        return cut;
    }

    /**
     * Cuts a striped block group evenly among its copies in the bytes the stream reads, not in its
     * length: each pair of a RAID10 reads its half of the group's parts. Cut by length, the copy
     * that reads the group's front streamed more wherever free space gathers at the back (the
     * benchmark's RAID10: 202 MB on two devices, 157 MB on the other two, for a fair 180).
     */
    private void cutStriped(BlockGroup group) {
        int copies = usableCopies(m.target.mirrors(group.start())).size();
        if (copies < 2) {
            return;
        }
        List<ByteRange> parts = partsOf.apply(group);
        long each = bytes(parts) / copies;
        long[] streamedCuts = new long[copies + 1];
        for (int i = 1; i <= copies; i++) {
            streamedCuts[i] = each * i;
        }
        cuts.put(group.start(), offsets(group, parts, streamedCuts));
    }

    /**
     * Adds the slots of {@code group}'s parts to the devices that stream them; counts their bytes
     * in {@code shares}. Slots lie on the group's nodesize grid, as tree blocks do.
     */
    private void planSlots(BlockGroup group, Map<Dev, List<long[]>> slots, StreamShares shares) {
        for (ByteRange part : partsOf.apply(group)) {
            long first = group.start() + (part.start() - group.start()) / m.nodesize * m.nodesize;
            for (long logical = first; logical < part.end() && group.contains(logical, m.nodesize);
                    logical += m.nodesize) {
                StripeCopy copy = plannedCopy(group, m.target.mirrors(logical), logical);
                if (copy != null) {
                    slots.computeIfAbsent(m.devById.get(copy.devid()), d -> new ArrayList<>())
                            .add(new long[] { copy.physical(), logical });
                    if (shares != null) {
                        shares.add(copy.devid(), m.nodesize);
                    }
                }
            }
        }
    }

    /**
     * What the stream reads of {@code group}: all of it but its free ranges of at least {@link
     * #READ_BYTES} (the target's free space tree). A shorter hole is read through: it costs less
     * than the read it would split. Free space the target does not know of is read, and its slots
     * do not validate, as before.
     */
    static List<ByteRange> parts(ReadaheadTarget target, BlockGroup group) {
        List<ByteRange> parts = new ArrayList<>();
        long from = group.start();
        long end = group.start() + group.length();
        for (ByteRange free : target.freeSpace(group)) {
            if (free.length() >= READ_BYTES && free.start() >= from && free.end() <= end) {
                if (free.start() > from) {
                    parts.add(new ByteRange(from, free.start()));
                }
                from = free.end();
            }
        }
        if (from < end) {
            parts.add(new ByteRange(from, end));
        }
        return parts;
    }

    static long bytes(List<ByteRange> parts) {
        return parts.stream().mapToLong(ByteRange::length).sum();
    }

    /**
     * Cuts made in streamed bytes (the parts laid end to end) as offsets into the group: a cut
     * that falls in a skipped hole falls at the start of the next part.
     */
    private static long[] offsets(BlockGroup group, List<ByteRange> parts, long[] streamedCuts) {
        long[] cut = new long[streamedCuts.length];
        for (int i = 0; i < cut.length; i++) {
            long left = streamedCuts[i];
            cut[i] = group.length();
            for (ByteRange part : parts) {
                if (left < part.length()) {
                    cut[i] = part.start() - group.start() + left;
                    break;
                }
                left -= part.length();
            }
        }
        cut[0] = 0;
        cut[cut.length - 1] = group.length();
        return cut;
    }

    private List<StripeCopy> usableCopies(List<StripeCopy> mirrors) {
        return mirrors.stream().filter(c -> m.usable(c.devid()) != null).toList();
    }

    /**
     * The copy the stream reads of {@code logical}: of the k copies on usable devices, the one
     * that reads the share it lies in (the group's cuts and share order, or else the i-th copy the
     * i-th k-th) — each mirror streams its share, all at once. Null for a block that straddles a
     * stripe unit or has no usable copy.
     */
    private StripeCopy plannedCopy(BlockGroup group, List<StripeCopy> mirrors, long logical) {
        if (group.contiguousFrom(logical) < m.nodesize) {
            return null;
        }
        // counted, not collected: this runs for every slot of the plan
        int usable = 0;
        for (StripeCopy copy : mirrors) {
            usable += m.usable(copy.devid()) != null ? 1 : 0;
        }
        if (usable == 0) {
            return null;
        }
        long i = copyOfShare(group, usable, share(group, usable, logical - group.start()));
        for (StripeCopy copy : mirrors) {
            if (m.usable(copy.devid()) != null && i-- == 0) {
                return copy;
            }
        }
        return null;
    }

    /** The copies of a cut block group in the order they read its shares; null for mirror order. */
    int[] shareOrder(long groupStart) {
        return shareOrders.get(groupStart);
    }

    /** Where the shares of a cut block group begin and end, front to back; null if not cut. */
    long[] cut(long groupStart) {
        return cuts.get(groupStart);
    }

    /** Which of the {@code usable} copies reads the j-th share of {@code group}. */
    private long copyOfShare(BlockGroup group, int usable, long j) {
        int[] order = shareOrders.get(group.start());
        return order == null || order.length != usable ? j : order[(int) j];
    }

    /** Which share, from the front, the slot {@code offset} bytes into {@code group} lies in. */
    private long share(BlockGroup group, int usable, long offset) {
        long[] cut = cuts.get(group.start());
        if (cut == null || cut.length != usable + 1) { // not cut, or a device went since: even shares
            long share = Math.max(1, Long.divideUnsigned(group.length(), usable));
            return Math.min(usable - 1, Long.divideUnsigned(offset, share));
        }
        int i = 0;
        while (i < usable - 1 && offset >= cut[i + 1]) {
            i++;
        }
        return i;
    }

    private static DeviceStream deviceStream(Dev dev, List<long[]> list, int nodesize) {
        list.sort((a, b) -> Long.compare(a[0], b[0])); // device offsets are below 2^63
        long[] physicals = new long[list.size()];
        long[] logicals = new long[list.size()];
        for (int i = 0; i < physicals.length; i++) {
            physicals[i] = list.get(i)[0];
            logicals[i] = list.get(i)[1];
        }
        return new DeviceStream(dev, physicals, logicals, nodesize);
    }

    // ---------------------------------------------------------------- reading

    /**
     * The reads {@code s} issues now: its next slots; when all of its own are issued, the last
     * unissued slots it holds copies of, of the peer with most left. Shares are levelled in bytes,
     * yet devices differ in speed (the loop devices of the benchmark's RAID1 streamed 560-700 MB/s
     * each, and the fastest stood idle for the last fifth of the run): a device that has read its
     * share reads the rest of a mirror's from its own copy, so that the mirrors finish together
     * (when asked to: {@code --stream-help}). Not only a mirror's tail: on a RAID1 of more
     * than two devices its tail often lies in a block group the idle device holds no copy of.
     */
    private List<SpanRead> nextReads(DeviceStream s, boolean active, boolean answered) {
        List<SpanRead> reads = s.nextReads(active, answered);
        while (help && active && s.reserveHelp()) {
            SpanRead help = help(s);
            s.helping(help);
            if (help == null) {
                break;
            }
            reads.add(help);
        }
        return reads;
    }

    /** A read of a peer's slots for {@code helper}, from the peer with most unissued slots that gives one; or null. */
    private SpanRead help(DeviceStream helper) {
        if (m.usable(helper.dev.devid) == null) {
            return null;
        }
        // what each peer has left, taken once: the peers read on while they are sorted
        List<Map.Entry<DeviceStream, Integer>> peers = new ArrayList<>(streams.size());
        for (DeviceStream peer : streams.values()) {
            if (peer != helper) {
                peers.add(Map.entry(peer, peer.unissued()));
            }
        }
        peers.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        for (Map.Entry<DeviceStream, Integer> peer : peers) {
            SpanRead read = peer.getKey().give(helper, this::physicalOn);
            if (read != null) {
                return read;
            }
        }
        return null;
    }

    private long physicalOn(Dev dev, long logical) {
        for (StripeCopy copy : m.target.mirrors(logical)) {
            if (copy.devid() == dev.devid) {
                return copy.physical();
            }
        }
        return -1;
    }

    /** Issues a read without the lock; each slot's answer lands in the owner's index. */
    private void issue(SpanRead read) {
        DeviceStream s = read.owner;
        List<StripeCopy> copies = new ArrayList<>(read.to - read.from);
        List<Long> logicals = new ArrayList<>(read.to - read.from);
        List<OnceRead.Outcome> outcomes = new ArrayList<>(read.to - read.from);
        for (int i = read.from; i < read.to; i++) {
            int slot = i;
            copies.add(new StripeCopy(read.reader.dev.devid, read.physical(i)));
            logicals.add(s.logicals[i]);
            outcomes.add((block, error) -> {
                if (block != null && !block.isChanged()) {
                    keep(s, slot, block);
                }
                if (read.unanswered.decrementAndGet() == 0) {
                    read.answeredAt = m.now();
                    // the device streams on at once
                    issueAll(nextReads(read.reader, active && !m.isClosed(), true));
                    m.step(() -> m.streamed(this, read));
                }
            });
        }
        read.issuedAt = m.now();
        OnceRead.issueStream(m.target, copies, logicals, outcomes);
    }

    /**
     * Issues reads without the lock. A target may answer a read at once on the calling thread (a
     * device that is gone or stalled fails every read so): its answer's next reads then wait in
     * this thread's queue instead of recursing, one level per read, through the whole plan.
     */
    private void issueAll(List<SpanRead> reads) {
        ArrayDeque<SpanRead> queue = issuing.get();
        if (queue != null) {
            queue.addAll(reads);
            return;
        }
        queue = new ArrayDeque<>(reads);
        issuing.set(queue);
        try {
            for (SpanRead read = queue.poll(); read != null; read = queue.poll()) {
                issue(read);
            }
        } finally {
            issuing.remove();
        }
    }

    /** A slot validated as a tree block: a leaf's header numbers, or the node itself, go in the index. */
    private void keep(DeviceStream s, int slot, ReadBlock block) {
        if (block.level() > 0) {
            nodes.put(s.logicals[slot], block);
            indexBytes.addAndGet(NODE_BYTES + POINTER_BYTES * block.pointers().size());
        }
        s.generations[slot] = block.generation();
        s.fingerprints[slot] = block.fingerprint();
        s.nritems[slot] = block.nritems();
        s.levels[slot] = (byte) block.level();
    }

    /** The block the index holds in a finished slot, or null; from the copy that read it. */
    private Streamed indexed(DeviceStream s, int slot) {
        int level = s.levels[slot];
        long logical = s.logicals[slot];
        ReadBlock block = level == NO_BLOCK ? null
                : level > 0 ? nodes.get(logical)
                : ReadBlock.leaf(s.generations[slot], s.nritems[slot]).withFingerprint(s.fingerprints[slot]);
        if (block == null) {
            return null;
        }
        SpanRead helper = s.helpedRead(slot);
        return helper == null ? new Streamed(block, s.dev.devid, s.physicals[slot])
                : new Streamed(block, helper.reader.dev.devid, helper.physical(slot));
    }

    /**
     * Whether slot {@code slot} of {@code s} has been read and its waiters served (lock held).
     * Without help no slot is given or helped, so the walk's every served block does not take the
     * device's monitor for a lookup that cannot succeed.
     */
    private boolean done(DeviceStream s, int slot) {
        if (!help) {
            return slot < s.doneSlots;
        }
        return s.helpedRead(slot) != null || slot < s.doneSlots && !s.isGiven(slot);
    }

    /**
     * A read answered (lock held). Reads finish in the order they were issued, so that every slot
     * before the device's doneSlots has been read: the waiters of the slots finished are returned,
     * to be served from the index or read per block.
     */
    List<Expansions.Candidate> answeredLocked(SpanRead read) {
        List<Expansions.Candidate> ready = new ArrayList<>();
        for (SpanRead done : read.reader.finish(read)) {
            DeviceStream s = done.owner;
            markDone(done);
            long bytes = (long) (done.to - done.from) * m.nodesize;
            Dev reader = done.reader.dev;
            reader.countStream(done.physical(done.from), bytes);
            if (m.tracing()) {
                m.emit(new ReadaheadEvent.StreamRead(m.nextSeq(), m.now(), reader.devid, done.physical(done.from),
                        bytes, done.issuedAt, done.answeredAt));
            }
            for (int i = done.from; i < done.to; i++) {
                List<Expansions.Candidate> w = waiting.remove(s.logicals[i]);
                if (w != null) {
                    ready.addAll(w);
                }
            }
        }
        // not while a batch is added: its first control may finish before the next is added (a
        // tree of one block, a root that cannot be read). Measured (raid1-4dev, all trees, the
        // engine at normal CPU priority): the stream stopped so in about one run in eight, and the
        // rest was read per block, 5-7 times as long.
        boolean noneRunning = m.controls.isEmpty() && m.finishedControls > 0 && !m.addingBatch();
        if (active && (noneRunning || indexBytes.get() > bufferBytes)) {
            ready.addAll(stopLocked());
        }
        return ready;
    }

    /**
     * A finished read's slots count as read (lock held): the owner's own reads finish in the order
     * issued, so its done slots end where the read ends (but for the slots it gave away); a
     * helper's read is kept whole, with the helper's copy, since its slots lie among the owner's,
     * before or after reads not finished yet.
     */
    private static void markDone(SpanRead done) {
        DeviceStream s = done.owner;
        if (done.helperPhysicals == null) {
            s.doneSlots = done.to;
        } else {
            s.helped.put(done.from, done);
        }
    }

    /** The stream stops: no more reads; every waiter is returned, to be read per block. */
    List<Expansions.Candidate> stopLocked() {
        active = false;
        List<Expansions.Candidate> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        return all;
    }

    // ---------------------------------------------------------------- the walk

    /**
     * What the stream does for a candidate (lock held): the block to serve it, when the index holds
     * it (the hook's rules then judge it as a read of that copy: a generation or level other than
     * the parent's is a skip or an error there too); {@link #WAITING} when its slot lies ahead of
     * the stream (and {@code mayWait}): then it is kept, holding an element of its control, until
     * the slot is read; null when the per-block path must read it. The slot is the plan's for the
     * address ({@link StreamSlots}): the devices the plan counted usable stay so for the run.
     */
    Streamed offer(Expansions.Candidate c, boolean mayWait) {
        if (collecting) {
            return mayWait && wantedLeaf(c) ? hold(c) : null; // a node: read per block
        }
        long found = slots == null || !eligible(c) ? StreamSlots.NONE : slots.find(c.logical);
        if (found == StreamSlots.NONE) {
            return null;
        }
        DeviceStream s = slots.device(found);
        int slot = StreamSlots.slot(found);
        if (done(s, slot)) {
            return indexed(s, slot); // null: the slot did not validate, the per-block read fails over
        }
        if (!active || !mayWait) {
            return null;
        }
        return hold(c);
    }

    /** The candidate waits for the stream, holding an element of its control (lock held). */
    private Streamed hold(Expansions.Candidate c) {
        waiting.computeIfAbsent(c.logical, l -> new ArrayList<>(1)).add(c);
        c.rc.elems++;
        return WAITING;
    }

    /**
     * Whether the plan streams the candidate's slot (without the lock): such a child need not be
     * mapped before {@link #offer}.
     */
    boolean plans(Expansions.Candidate c) {
        if (collecting) {
            return wantedLeaf(c);
        }
        StreamSlots index = slots;
        return index != null && eligible(c) && index.find(c.logical) != StreamSlots.NONE;
    }

    /** Leaves first: a leaf the walk wants waits for the plan; a node is read per block. */
    private static boolean wantedLeaf(Expansions.Candidate c) {
        return c.level == 0 && eligible(c);
    }

    /** Only controls that neither follow leaves nor restart: the index drops a leaf's contents. */
    private static boolean eligible(Expansions.Candidate c) {
        return !c.rc.request().following().any();
    }

    /** A cancelled control's waiters leave (lock held); returns how many, each an element to put. */
    int dropWaiters(ControlImpl rc) {
        int dropped = 0;
        for (List<Expansions.Candidate> list : waiting.values()) {
            int before = list.size();
            list.removeIf(c -> c.rc == rc);
            dropped += before - list.size();
        }
        waiting.values().removeIf(List::isEmpty);
        return dropped;
    }

    /** Nothing in flight and no one waiting (lock held). */
    boolean idle() {
        return waiting.isEmpty() && streams.values().stream().allMatch(DeviceStream::idle);
    }

    /** After an abort: forget the reads and waiters; the index goes with the engine. */
    void dropAll() {
        active = false;
        waiting.clear();
        streams.values().forEach(DeviceStream::forget);
    }

    @Override
    public String toString() {
        return "zone stream " + (active ? "active" : "stopped") + ", " + nodes.size() + " nodes, "
                + waiting.size() + " blocks waited for";
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.heatmap.DeviceLayout;
import btrfs.workbench.readahead.heatmap.PhysicalRange;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * An in-memory simulated btrfs array: devices, metadata chunks of a profile (single, DUP, RAID1,
 * RAID10, RAID1C3) laid out like the kernel's chunk mapping, random trees of tree blocks in
 * them, and asynchronous reads that complete in random order — on an I/O thread pool, or
 * manually (deterministically) from the test thread.
 * <p>
 * Built single-threaded before an engine is created; afterwards only the I/O state changes.
 */
final class SimArray implements ReadaheadTarget {

    enum Profile {
        SINGLE(1, 1), DUP(1, 2), RAID1(2, 2), RAID10(4, 2), RAID1C3(3, 3);

        final int minDevices;
        final int copies;

        Profile(int minDevices, int copies) {
            this.minDevices = minDevices;
            this.copies = copies;
        }
    }

    static final int NODESIZE = 16 * 1024;
    static final long STRIPE_LEN = 64 * 1024;
    static final long MIB = 1024 * 1024;
    /** btrfs' devid of a dev-replace target. */
    static final long REPLACE_DEVID = 0;

    /** A chunk: one metadata block group and where its stripes lie. */
    record Chunk(long logical, long length, Profile profile, long[] devids, long[] physicals) {
    }

    /** A tree block. */
    record Block(long logical, int level, long generation, Key firstKey, List<NodePointer> pointers,
            ReadBlock read) {
    }

    /** A tree: its root and the generation the root has. */
    record Tree(String name, long root, long rootGeneration, Set<Long> blocks) {
    }

    final Profile profile;
    final int ndevices;
    private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
    private final List<Long> freeSlots = new ArrayList<>();
    private final Map<Long, Block> blocks = new HashMap<>();
    final List<Tree> trees = new ArrayList<>();
    /** Devices listed as missing (set before the engine is created). */
    final Set<Long> missing = new HashSet<>();
    /**
     * Whether a read of a missing device's copy is the engine's to make (v4.19 reads the copy
     * its mirror_num names, missing or not): it then fails as the kernel's bio would, instead of
     * being a violation.
     */
    boolean missingCopiesRead;
    /** devid of a dev-replace target mirroring {@link #replaceSource}, or -1. */
    long replaceSource = -1;
    /** Blocks whose reads fail (every copy). */
    final Set<Long> failing = new HashSet<>();
    /** Copies whose reads fail ("logical@devid:physical", see {@link #copyKey}): one bad mirror. */
    final Set<String> badCopies = ConcurrentHashMap.newKeySet();
    /** Copies that read fine but hold other bytes than the block's other copies (a stale mirror). */
    final Set<String> differingCopies = ConcurrentHashMap.newKeySet();
    /** Blocks whose parent pointer expects another generation than the block has. */
    final Set<Long> stale = new HashSet<>();
    /** Whether the "filesystem" is mounted and written during the run (see {@link #live()}). */
    volatile boolean live;
    /** Blocks caught while being written again: their reads give {@link ReadBlock#changed}. */
    final Set<Long> torn = ConcurrentHashMap.newKeySet();
    /** What {@link #currentRoot} answers, by tree id: the root a tree has "now". */
    final Map<Long, TreeLink> currentRoots = new ConcurrentHashMap<>();
    private final Random rnd;
    private long keyObjectid = 256;
    private int keyType;
    private long keyOffset;
    private Key lastKey;

    // ---- I/O
    private final Executor io;
    private final List<Pending> pending = new ArrayList<>();
    volatile double syncProbability;
    volatile boolean hold;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong reads = new AtomicLong();
    private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final Random manualOrder;

    /** One read (I/O): one block, or several back to back on one device (a coalesced read). */
    private record Pending(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
    }

    /**
     * @param io     completes reads in random order on this executor; null: reads wait for
     *               {@link #completeOne()} (deterministic, driven by the test)
     */
    SimArray(long seed, Profile profile, int ndevices, int chunksPerDevice, int slotsPerChunk, Executor io) {
        if (ndevices < profile.minDevices) {
            throw new IllegalArgumentException(profile + " needs " + profile.minDevices + " devices");
        }
        this.profile = profile;
        this.ndevices = ndevices;
        this.rnd = new Random(seed);
        this.manualOrder = new Random(seed ^ 0x5eed);
        this.io = io;
        layOutChunks(chunksPerDevice, slotsPerChunk);
    }

    // ================================================================ layout

    private long[] cursor;
    private long nextLogical = 30 * MIB;
    private int nextChunk;
    private int perChunkDevices;
    private int slotsPerChunk;

    private void layOutChunks(int chunksPerDevice, int slots) {
        perChunkDevices = switch (profile) {
            case SINGLE, DUP -> 1;
            case RAID1 -> 2;
            case RAID1C3 -> 3;
            case RAID10 -> ndevices / 2 * 2;
        };
        slotsPerChunk = slots;
        cursor = new long[ndevices + 1];
        for (int d = 1; d <= ndevices; d++) {
            cursor[d] = MIB + rnd.nextInt(4) * MIB;
        }
        int nchunks = Math.max(1, chunksPerDevice * ndevices / perChunkDevices);
        for (int k = 0; k < nchunks; k++) {
            addChunk();
        }
    }

    /** One more metadata chunk, its stripes rotated over the devices. */
    private void addChunk() {
        int k = nextChunk++;
        long perDevice;
        long length;
        if (profile == Profile.RAID10) {
            perDevice = Math.max(1, (long) slotsPerChunk * NODESIZE / (perChunkDevices / 2) / STRIPE_LEN + 1)
                    * STRIPE_LEN;
            length = perDevice * (perChunkDevices / 2);
        } else {
            perDevice = (long) slotsPerChunk * NODESIZE;
            length = perDevice;
        }
        int copies = profile == Profile.DUP ? 2 : perChunkDevices;
        long[] devids = new long[copies];
        long[] physicals = new long[copies];
        for (int i = 0; i < copies; i++) {
            int d = profile == Profile.DUP ? k % ndevices + 1 : (k + i) % ndevices + 1;
            devids[i] = d;
            physicals[i] = cursor[d];
            cursor[d] += perDevice + rnd.nextInt(3) * MIB;
        }
        long logical = nextLogical;
        chunks.put(logical, new Chunk(logical, length, profile, devids, physicals));
        for (long off = 0; off + NODESIZE <= length; off += NODESIZE) {
            freeSlots.add(logical + off);
        }
        nextLogical = logical + length + (1 + rnd.nextInt(8)) * MIB;
    }

    private long allocate() {
        if (freeSlots.isEmpty()) {
            addChunk(); // full: the "filesystem" allocates another metadata chunk
        }
        int i = rnd.nextInt(freeSlots.size());
        long slot = freeSlots.get(i);
        freeSlots.set(i, freeSlots.get(freeSlots.size() - 1));
        freeSlots.remove(freeSlots.size() - 1);
        return slot;
    }

    // ================================================================ trees

    /** Keys in strictly ascending order; now and then a jump to the top of the u64 range. */
    private Key nextKey() {
        while (true) {
            long o = keyObjectid;
            int t = keyType;
            long off = keyOffset;
            int r = rnd.nextInt(10);
            if (r < 3) {
                o += 1 + rnd.nextInt(1000);
                if (rnd.nextInt(40) == 0 && o > 0) {
                    o = -1000L - rnd.nextInt(1000) * 1000L; // huge unsigned objectids sort last
                }
                t = rnd.nextInt(256);
                off = rnd.nextLong();
            } else if (r < 6 && t < 255) {
                t += 1 + rnd.nextInt(255 - t);
                off = rnd.nextLong();
            } else {
                off += 1 + rnd.nextInt(1 << 20);
            }
            Key k = new Key(o, t, off);
            if (lastKey == null || k.isAfter(lastKey)) {
                keyObjectid = o;
                keyType = t;
                keyOffset = off;
                lastKey = k;
                return k;
            }
        }
    }

    /**
     * Builds a tree of {@code levels} levels below the root (0: the root is a leaf), each node
     * with a random fan-out in {@code [minFan, maxFan]}. {@code pStale} of the pointers expect
     * a wrong generation; {@code pFail} of the blocks fail to read (never the root).
     */
    Tree addTree(String name, int levels, int minFan, int maxFan, double pStale, double pFail) {
        // start each tree's keys afresh and low, so trees overlap in key space like real ones
        keyObjectid = 256 + rnd.nextInt(100);
        keyType = 0;
        keyOffset = 0;
        lastKey = null;
        long gen = 100 + rnd.nextInt(1000);
        Set<Long> set = new LinkedHashSet<>();
        Block root = build(levels, gen, minFan, maxFan, pStale, pFail, set, true);
        Tree t = new Tree(name, root.logical(), gen, Collections.unmodifiableSet(set));
        trees.add(t);
        return t;
    }

    private Block build(int level, long gen, int minFan, int maxFan, double pStale, double pFail, Set<Long> set,
            boolean root) {
        long logical = allocate();
        set.add(logical);
        if (!root && rnd.nextDouble() < pFail) {
            failing.add(logical);
        }
        Block b;
        if (level == 0) {
            Key first = nextKey();
            int nritems = 1 + rnd.nextInt(60);
            for (int i = 1; i < Math.min(nritems, 4); i++) {
                nextKey();
            }
            b = new Block(logical, 0, gen, first, List.of(), ReadBlock.leaf(gen, nritems));
        } else {
            int fan = minFan + rnd.nextInt(maxFan - minFan + 1);
            List<NodePointer> ptrs = new ArrayList<>(fan);
            Key first = null;
            for (int i = 0; i < fan; i++) {
                long childGen = Math.max(1, gen - rnd.nextInt(3));
                Block child = build(level - 1, childGen, minFan, maxFan, pStale, pFail, set, false);
                long expected = childGen;
                if (rnd.nextDouble() < pStale) {
                    expected = childGen + 1 + rnd.nextInt(5); // transid mismatch
                    stale.add(child.logical());
                }
                ptrs.add(new NodePointer(child.firstKey(), child.logical(), expected));
                if (first == null) {
                    first = child.firstKey();
                }
            }
            b = new Block(logical, level, gen, first, List.copyOf(ptrs), ReadBlock.node(level, gen, ptrs));
        }
        blocks.put(logical, b);
        return b;
    }

    /**
     * A snapshot of {@code t}: a new root (newer generation) pointing at the same children,
     * so that all blocks below the root are shared by the two trees.
     */
    Tree snapshotOf(String name, Tree t) {
        Block old = blocks.get(t.root());
        long gen = old.generation() + 1 + rnd.nextInt(10);
        long logical = allocate();
        ReadBlock read = old.level() == 0 ? ReadBlock.leaf(gen, old.read().nritems())
                : ReadBlock.node(old.level(), gen, old.pointers());
        blocks.put(logical, new Block(logical, old.level(), gen, old.firstKey(), old.pointers(), read));
        Set<Long> set = new LinkedHashSet<>(t.blocks());
        set.remove(t.root());
        set.add(logical);
        Tree s = new Tree(name, logical, gen, Collections.unmodifiableSet(set));
        trees.add(s);
        return s;
    }

    /**
     * Damages the tree: pointer {@code index} of {@code node} now points at {@code target}, with
     * the target's own generation (so only the level can tell that it is wrong).
     */
    void corruptPointer(long node, int index, long target) {
        Block b = blocks.get(node);
        Block t = blocks.get(target);
        List<NodePointer> ptrs = new ArrayList<>(b.pointers());
        ptrs.set(index, new NodePointer(ptrs.get(index).key(), target, t.generation()));
        blocks.put(node, new Block(node, b.level(), b.generation(), b.firstKey(), List.copyOf(ptrs),
                ReadBlock.node(b.level(), b.generation(), ptrs)));
    }

    Block block(long logical) {
        return blocks.get(logical);
    }

    /**
     * Makes leaf {@code logical} name {@code links}, as a root-tree leaf names the roots of trees
     * (ROOT_ITEMs) or an extent-tree leaf names tree blocks.
     */
    void linkLeaf(long logical, List<TreeLink> links) {
        Block b = blocks.get(logical);
        if (b.level() != 0) {
            throw new IllegalArgumentException(logical + " is no leaf");
        }
        List<TreeLink> copy = List.copyOf(links);
        blocks.put(logical, new Block(logical, 0, b.generation(), b.firstKey(), List.of(),
                ReadBlock.leaf(b.generation(), b.read().nritems(), () -> copy)));
    }

    /** A link to the root of {@code t} as tree {@code id}: what a ROOT_ITEM says. */
    TreeLink rootLink(long id, Tree t) {
        Block root = blocks.get(t.root());
        return new TreeLink(id, t.root(), t.rootGeneration(), root.level(), null);
    }

    /**
     * The tree after a transaction that rewrote all of it (copy on write): every block of
     * {@code t} copied to a new address with a newer generation, same keys, same shape, no stale
     * pointers. Returns old address to new.
     */
    Map<Long, Long> rewrite(String name, Tree t) {
        Map<Long, Long> moved = new HashMap<>();
        long gen = t.rootGeneration() + 10;
        long root = copyBlock(t.root(), gen, moved);
        trees.add(new Tree(name, root, gen, Collections.unmodifiableSet(new LinkedHashSet<>(moved.values()))));
        return moved;
    }

    private long copyBlock(long logical, long gen, Map<Long, Long> moved) {
        Block b = blocks.get(logical);
        long copy = allocate();
        moved.put(logical, copy);
        if (b.level() == 0) {
            blocks.put(copy, new Block(copy, 0, gen, b.firstKey(), List.of(), ReadBlock.leaf(gen, b.read().nritems())));
            return copy;
        }
        List<NodePointer> ptrs = new ArrayList<>();
        for (NodePointer p : b.pointers()) {
            ptrs.add(new NodePointer(p.key(), copyBlock(p.blockptr(), gen, moved), gen));
        }
        blocks.put(copy, new Block(copy, b.level(), gen, b.firstKey(), List.copyOf(ptrs),
                ReadBlock.node(b.level(), gen, ptrs)));
        return copy;
    }

    /**
     * The block at {@code logical} freed and written again by another tree: a leaf with a newer
     * generation, where its parent still points at the old node.
     */
    void reuse(long logical, long generation) {
        Block b = blocks.get(logical);
        blocks.put(logical, new Block(logical, 0, generation, b.firstKey(), List.of(), ReadBlock.leaf(generation, 3)));
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public Optional<TreeLink> currentRoot(long tree) {
        return Optional.ofNullable(currentRoots.get(tree));
    }

    /** Children (blockptrs) of a node, empty for a leaf. */
    List<Long> children(long logical) {
        Block b = blocks.get(logical);
        List<Long> out = new ArrayList<>();
        if (b != null) {
            for (NodePointer p : b.pointers()) {
                out.add(p.blockptr());
            }
        }
        return out;
    }

    /** A random key inside (or just around) the tree's key space. */
    Key randomKey(Tree t) {
        List<Key> keys = new ArrayList<>();
        for (long l : t.blocks()) {
            keys.add(blocks.get(l).firstKey());
        }
        Key k = keys.get(rnd.nextInt(keys.size()));
        return switch (rnd.nextInt(3)) {
            case 0 -> k;
            case 1 -> new Key(k.objectid(), k.type(), k.offset() + 1);
            default -> new Key(k.objectid(), k.type(), k.offset() == 0 ? 0 : k.offset() - 1);
        };
    }

    Random random() {
        return rnd;
    }

    /** Devices holding a copy of {@code logical} (present or not, no replace target). */
    Set<Long> holders(long logical) {
        Set<Long> out = new LinkedHashSet<>();
        for (StripeCopy c : mirrors(logical)) {
            if (c.devid() != REPLACE_DEVID || replaceSource < 0) {
                out.add(c.devid());
            }
        }
        return out;
    }

    /** Whether some copy of the block lies on a present device that is not a replace target. */
    boolean readable(long logical) {
        for (StripeCopy c : mirrors(logical)) {
            if (!missing.contains(c.devid()) && !(replaceSource >= 0 && c.devid() == REPLACE_DEVID)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the metadata chunks lie on each device (1..ndevices), for a heatmap of the array:
     * each stripe occupies the chunk's length, RAID10's divided by its mirror pairs. Each device
     * ends a MiB after its last chunk.
     */
    List<DeviceLayout> layouts() {
        List<DeviceLayout> out = new ArrayList<>();
        for (long d = 1; d <= ndevices; d++) {
            List<PhysicalRange> ranges = new ArrayList<>();
            for (Chunk c : chunks.values()) {
                long perDevice = c.profile() == Profile.RAID10 ? c.length() / (c.devids().length / 2) : c.length();
                for (int i = 0; i < c.devids().length; i++) {
                    if (c.devids()[i] == d) {
                        ranges.add(new PhysicalRange(c.physicals()[i], perDevice));
                    }
                }
            }
            out.add(new DeviceLayout(d, cursor[(int) d] + MIB, ranges));
        }
        return out;
    }

    long deviceOf(long logical) {
        return mirrors(logical).get(0).devid();
    }

    // ================================================================ ReadaheadTarget

    @Override
    public int nodesize() {
        return NODESIZE;
    }

    @Override
    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (long d = 1; d <= ndevices; d++) {
            out.add(new Device(d, !missing.contains(d), false));
        }
        if (replaceSource >= 0) {
            out.add(new Device(REPLACE_DEVID, true, true));
        }
        return out;
    }

    @Override
    public List<StripeCopy> mirrors(long logical) {
        var e = chunks.floorEntry(logical);
        if (e == null || logical - e.getKey() >= e.getValue().length()) {
            return List.of();
        }
        Chunk c = e.getValue();
        long off = logical - c.logical();
        List<StripeCopy> out = new ArrayList<>(4);
        if (c.profile() == Profile.RAID10) {
            int factor = c.devids().length / 2;
            long stripeNr = off / STRIPE_LEN;
            long inStripe = off % STRIPE_LEN;
            int index = (int) (stripeNr % factor) * 2;
            long physical = (stripeNr / factor) * STRIPE_LEN + inStripe;
            out.add(new StripeCopy(c.devids()[index], c.physicals()[index] + physical));
            out.add(new StripeCopy(c.devids()[index + 1], c.physicals()[index + 1] + physical));
        } else {
            for (int i = 0; i < c.devids().length; i++) {
                out.add(new StripeCopy(c.devids()[i], c.physicals()[i] + off));
            }
        }
        if (replaceSource >= 0) {
            // a running dev-replace: the kernel lists the target's copy after the real ones
            for (StripeCopy s : List.copyOf(out)) {
                if (s.devid() == replaceSource) {
                    out.add(new StripeCopy(REPLACE_DEVID, s.physical()));
                }
            }
        }
        return out;
    }

    @Override
    public BlockGroup blockGroup(long logical) {
        var e = chunks.floorEntry(logical);
        if (e == null || logical - e.getKey() >= e.getValue().length()) {
            return null;
        }
        return new BlockGroup(e.getValue().logical(), e.getValue().length());
    }

    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        readSpan(List.of(copy), List.of(logical), List.of(done));
    }

    @Override
    public void readSpan(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
        StripeCopy first = copies.get(0);
        long end = first.physical();
        for (int i = 0; i < copies.size(); i++) {
            StripeCopy copy = copies.get(i);
            long logical = logicals.get(i);
            checkRead(copy, logical);
            if (copy.devid() != first.devid() || copy.physical() < end) {
                violations.add("coalesced read of " + logicals + " is not ascending on one device: " + copies);
            }
            end = copy.physical() + nodesize();
        }
        StripeCopy copy = first;
        int now = inFlight.computeIfAbsent(copy.devid(), d -> new AtomicInteger()).incrementAndGet();
        maxInFlight.computeIfAbsent(copy.devid(), d -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        Pending p = new Pending(List.copyOf(copies), List.copyOf(logicals), List.copyOf(done));
        if (io == null || hold) {
            synchronized (pending) {
                pending.add(p);
            }
            return;
        }
        if (syncProbability > 0 && ThreadLocalRandom.current().nextDouble() < syncProbability) {
            complete(p); // as if cached: completes inside read()
            return;
        }
        synchronized (pending) {
            pending.add(p);
        }
        io.execute(this::completeRandom);
    }

    private void completeRandom() {
        completeChosen(waiting -> ThreadLocalRandom.current().nextInt(waiting.size()));
    }

    /**
     * Takes the pending read {@code choose} picks (its index in the non-empty list, or -1 for
     * none) and completes it outside the lock. False if nothing was taken.
     */
    private boolean completeChosen(ToIntFunction<List<Pending>> choose) {
        Pending p;
        synchronized (pending) {
            int i = pending.isEmpty() ? -1 : choose.applyAsInt(pending);
            if (i < 0) {
                return false;
            }
            p = pending.remove(i);
        }
        complete(p);
        return true;
    }

    private void complete(Pending p) {
        inFlight.get(p.copies().get(0).devid()).decrementAndGet();
        for (int i = 0; i < p.logicals().size(); i++) {
            long logical = p.logicals().get(i);
            String copy = copyKey(logical, p.copies().get(i));
            ReadCallback done = p.done().get(i);
            Block b = blocks.get(logical);
            if (b == null) {
                violations.add("read of " + logical + " which is no tree block");
                done.failed("no tree block at " + logical);
            } else if (missing.contains(p.copies().get(i).devid())) {
                done.failed("devid " + p.copies().get(i).devid() + " is missing");
            } else if (failing.contains(logical)) {
                done.failed("injected I/O error");
            } else if (torn.contains(logical)) {
                done.completed(ReadBlock.changed("checksum mismatch: being written"));
            } else if (badCopies.contains(copy)) {
                done.failed("injected checksum mismatch on " + copy);
            } else {
                // the block's bytes: the same for every copy, unless this copy is a stale one
                done.completed(b.read().withFingerprint(logical * 7 + 1 + (differingCopies.contains(copy) ? 1 : 0)));
            }
        }
    }

    /** Copies of the block on present devices that are not a replace target: what failover may try. */
    long usableCopies(long logical) {
        return mirrors(logical).stream()
                .filter(c -> !missing.contains(c.devid()) && !(replaceSource >= 0 && c.devid() == REPLACE_DEVID))
                .count();
    }

    /** Whether every copy of the block on a present device is one of {@link #badCopies}. */
    boolean everyCopyBad(long logical) {
        boolean any = false;
        for (StripeCopy c : mirrors(logical)) {
            if (!missing.contains(c.devid()) && !(replaceSource >= 0 && c.devid() == REPLACE_DEVID)) {
                any = true;
                if (!badCopies.contains(copyKey(logical, c))) {
                    return false;
                }
            }
        }
        return any;
    }

    /** How {@link #badCopies} and {@link #differingCopies} name a copy. */
    static String copyKey(long logical, StripeCopy copy) {
        return logical + "@" + copy.devid() + ":" + copy.physical();
    }

    private void checkRead(StripeCopy copy, long logical) {
        if (missing.contains(copy.devid()) && !missingCopiesRead) {
            violations.add("read of " + logical + " on missing devid " + copy.devid());
        }
        if (replaceSource >= 0 && copy.devid() == REPLACE_DEVID) {
            violations.add("read of " + logical + " on the replace target");
        }
        if (!mirrors(logical).contains(copy)) {
            violations.add("read of " + logical + " from " + copy + " which is not one of its copies");
        }
        reads.incrementAndGet();
    }

    /** Whether reads wait for {@link #completeOne()} (no I/O executor). */
    boolean manual() {
        return io == null;
    }

    /** Manual mode: completes one pending read, chosen at random (seeded). False if none. */
    boolean completeOne() {
        return completeChosen(waiting -> manualOrder.nextInt(waiting.size()));
    }

    /** Manual mode: completes the pending read that holds {@code logical}. False if none does. */
    boolean completeReadOf(long logical) {
        return completeChosen(waiting -> {
            for (int i = 0; i < waiting.size(); i++) {
                if (waiting.get(i).logicals().contains(logical)) {
                    return i;
                }
            }
            return -1;
        });
    }

    /** Releases held reads (threaded mode) to the I/O pool. */
    void release() {
        hold = false;
        int n;
        synchronized (pending) {
            n = pending.size();
        }
        for (int i = 0; i < n; i++) {
            io.execute(this::completeRandom);
        }
    }

    int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    int maxInFlight(long devid) {
        AtomicInteger m = maxInFlight.get(devid);
        return m == null ? 0 : m.get();
    }
}

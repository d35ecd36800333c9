package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import btrfs.workbench.metadata.DeviceReader;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.metadata.tree.WalkResult;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.io.FilesystemTarget;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.FaultyDevice;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TraceInvariants;

/**
 * A kernel-written test array opened with the metadata library, as a readahead target, with the
 * independent answers to compare a run with: btrfs-progs' block lists and the library's own
 * synchronous tree walk.
 */
final class RealArray implements AutoCloseable {

    final TestArray array;
    final BtrfsFilesystem fs;
    final FilesystemTarget target;
    private final Map<Long, List<Long>> children = new HashMap<>();

    /** Readers this instance opened itself and closes (when opened through fault injectors). */
    private final List<AutoCloseable> owned = new ArrayList<>();

    private RealArray(TestArray array, BtrfsFilesystem fs) {
        this.array = array;
        this.fs = fs;
        this.target = new FilesystemTarget(fs, ReadaheadConfig.MAX_IN_FLIGHT, IoModel.NONE);
    }

    /**
     * The array opened through a {@link FaultyDevice} around each image, in the array's device
     * order, added to {@code faulty}; no fault is on until the test arms one, so opening reads
     * as usual.
     */
    static RealArray openFaulty(TestArray array, List<FaultyDevice> faulty) throws IOException {
        List<DeviceReader> readers = new ArrayList<>();
        List<Path> images = array.unpackedImages();
        for (int i = 0; i < images.size(); i++) {
            DeviceReader reader = DeviceReader.open(images.get(i), false);
            readers.add(reader);
            faulty.add(new FaultyDevice(reader, array.devices().get(i).devid()));
        }
        FilesystemOpen opened = BtrfsFilesystem.open(faulty);
        if (!(opened instanceof FilesystemOpen.Opened ok)) {
            for (DeviceReader r : readers) {
                r.close();
            }
            throw new AssertionError(array + " does not open through fault injectors: " + opened);
        }
        RealArray r = new RealArray(array, ok.filesystem());
        r.owned.addAll(readers);
        return r;
    }

    private static final Map<String, RealArray> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One opened instance per array for a test class's many dynamic tests; {@link #closeShared()} after them. */
    static RealArray shared(TestArray array) {
        return SHARED.computeIfAbsent(array.name(), n -> open(array));
    }

    static void closeShared() throws IOException {
        for (RealArray r : SHARED.values()) {
            r.close();
        }
        SHARED.clear();
    }

    static RealArray open(TestArray array) {
        return openWithout(array, Set.of());
    }

    /** Opens the array with the devices of the given 1-based indexes left out (absent). */
    static RealArray openWithout(TestArray array, Set<Integer> absent) {
        List<Path> images = new ArrayList<>();
        List<Path> all = array.unpackedImages();
        for (int i = 0; i < all.size(); i++) {
            if (!absent.contains(i + 1)) {
                images.add(all.get(i));
            }
        }
        FilesystemOpen opened = BtrfsFilesystem.openPaths(images);
        if (!(opened instanceof FilesystemOpen.Opened ok)) {
            throw new AssertionError(array + " without " + absent + " does not open: " + opened);
        }
        return new RealArray(array, ok.filesystem());
    }

    TreeRoot root(long treeId) {
        return fs.treeRoot(treeId).orElseThrow(() -> new AssertionError(array + " has no tree " + treeId));
    }

    static ReadaheadRequest request(TreeRoot root, Key start, Key end) {
        return new ReadaheadRequest(root.name(), root.bytenr(), root.generation(), root.level(), start, end,
                root.id(), Following.NONE);
    }

    static ReadaheadRequest whole(TreeRoot root) {
        return request(root, Key.MIN, Key.MAX);
    }

    /** btrfs-progs' blocks of the tree (dump-tree), by bytenr. */
    Set<Long> progsBlocks(long treeId) {
        Set<Long> out = new HashSet<>();
        ArrayTruth.of(array).blocks(treeId).forEach(b -> out.add(b.bytenr()));
        return out;
    }

    /** The blocks the library's synchronous walk visits in {@code range}; it must find no problem. */
    Set<Long> walkedBlocks(TreeRoot root, KeyRange range) {
        WalkResult walk = fs.collect(root, range);
        assertEquals(List.of(), walk.problems(), "walk of " + root + " " + range);
        Set<Long> out = new HashSet<>();
        walk.blocks().forEach(b -> out.add(b.bytenr()));
        return out;
    }

    /** Every key in the leaves of the tree, in order. */
    List<Key> leafKeys(TreeRoot root) {
        List<Key> keys = new ArrayList<>();
        for (VisitedBlock b : fs.collect(root, KeyRange.ALL).blocks()) {
            if (b.level() == 0) {
                keys.addAll(b.block() instanceof btrfs.workbench.metadata.tree.Leaf leaf ? leaf.keys() : List.of());
            }
        }
        keys.sort(null);
        return keys;
    }

    /** Children of a node of any tree of the array (empty for leaves and unknown blocks). */
    synchronized List<Long> children(long logical) {
        if (children.isEmpty()) {
            for (TreeRoot root : fs.treeRoots()) {
                for (VisitedBlock b : fs.collect(root, KeyRange.ALL).blocks()) {
                    if (b.block() instanceof Node node) {
                        children.put(b.bytenr(), node.pointers().stream().map(NodePointer::blockptr).toList());
                    }
                }
            }
        }
        return children.getOrDefault(logical, List.of());
    }

    /** A second target on the same filesystem whose reads are paced by {@code model}; close it after use. */
    FilesystemTarget paced(IoModel model) {
        return new FilesystemTarget(fs, ReadaheadConfig.MAX_IN_FLIGHT, model);
    }

    /** Runs the requests at once and waits; the engine must drain completely. */
    Outcome run(ReadaheadConfig config, List<ReadaheadRequest> requests) throws InterruptedException {
        return run(target, config, requests);
    }

    Outcome run(FilesystemTarget on, ReadaheadConfig config, List<ReadaheadRequest> requests)
            throws InterruptedException {
        return run(on, config, requests, List.of());
    }

    /** {@link #run(FilesystemTarget, ReadaheadConfig, List)} with more listeners, added before the trace. */
    Outcome run(FilesystemTarget on, ReadaheadConfig config, List<ReadaheadRequest> requests,
            List<? extends ReadaheadListener> listeners) throws InterruptedException {
        Trace trace = new Trace();
        List<ControlSnapshot> finals = new ArrayList<>();
        try (ReadaheadEngine engine = new ReadaheadEngine(on, config)) {
            listeners.forEach(engine::addListener);
            engine.addListener(trace);
            List<ReadaheadControl> controls = engine.addAll(requests);
            Harness.awaitAll(engine, controls);
            Harness.assertDrained(engine);
            for (ReadaheadControl c : controls) {
                finals.add(c.progress());
            }
        }
        return new Outcome(trace, finals, config);
    }

    Outcome run(Strategy strategy, List<ReadaheadRequest> requests) throws InterruptedException {
        return run(Harness.config(strategy), requests);
    }

    /** A finished run: its events and the final state of each control. */
    final class Outcome {
        final Trace trace;
        final List<ControlSnapshot> controls;
        private final ReadaheadConfig config;

        Outcome(Trace trace, List<ControlSnapshot> controls, ReadaheadConfig config) {
            this.trace = trace;
            this.controls = controls;
            this.config = config;
        }

        /** Every invariant of the trace; {@code once}: no block submitted twice. */
        List<String> violations(boolean once) {
            int cap = config.strategy() == Strategy.NAIVE ? 1 : config.maxInFlightPerDevice();
            return TraceInvariants.check(trace.events(), target::mirrors, RealArray.this::children,
                    new TraceInvariants.Rules(cap, once, config.strategy() == Strategy.READA, false,
                            config.engine().holdsInFlightUntilCompletion()));
        }

        /** The invariants of a scrub: every copy read at most once, a block in flight on several devices. */
        List<String> scrubViolations() {
            return TraceInvariants.check(trace.events(), target::mirrors, RealArray.this::children,
                    config.maxInFlightPerDevice(), true, true, true);
        }

        /** Blocks read successfully (from complete events). */
        Set<Long> read() {
            Set<Long> out = new HashSet<>();
            trace.of(btrfs.workbench.readahead.event.ReadaheadEvent.Complete.class).stream()
                    .filter(c -> c.ok()).forEach(c -> out.add(c.logical()));
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        target.close();
        fs.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return array.name();
    }

    static List<TestArray> all() {
        return TestArrays.all();
    }
}

package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ControlStatus;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/**
 * {@code readahead} on degraded and damaged copies of the committed kernel-written arrays: the
 * report must be exact — which blocks were read, which were lost and why, one stderr line per
 * problem and nothing else, the exit code — and no image may change.
 */
class FaultyArraysCommandTest {

    @TempDir
    Path tmp;

    private static Map<Path, String> hashes(List<Path> images) throws IOException {
        return Hashes.sha256(images);
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static Set<Long> longs(JsonNode array) {
        Set<Long> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    /** A RAID1 array with its first image left out: every block read from the others, one line for the missing device. */
    @Test
    void aRaid1WithADeviceMissingReportsExactlyTheMissingDevice() throws IOException {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Map<Path, String> before = hashes(array.unpackedImages());
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--tree", "extent", "--json",
                "--list-blocks"));
        array.compressedImages().stream().skip(1).forEach(p -> args.add(p.toString()));
        Run run = Run.of(args);
        long absent = array.devices().get(0).devid();
        assertEquals(1, run.exit(), "a missing device is a problem of the filesystem");
        assertEquals(List.of("btrfs-workbench: devid " + absent + ": MISSING: not among the given devices (uuid "
                + array.devices().get(0).uuid() + ")"), lines(run.err()));
        JsonNode out = ReadaheadCommandTest.json(run);
        assertEquals(0, out.get("errors").size());
        assertEquals(0, out.get("generation_skips").asLong());
        long[] trees = { ObjectIds.FS_TREE, ObjectIds.EXTENT_TREE };
        long blocks = 0;
        for (int i = 0; i < trees.length; i++) {
            JsonNode control = out.get("controls").get(i);
            Set<Long> progs = new TreeSet<>();
            ArrayTruth.of(array).blocks(trees[i]).forEach(b -> progs.add(b.bytenr()));
            assertEquals(progs, longs(control.get("block_list")), "every block of tree " + trees[i]);
            assertEquals(0, control.get("errors").size());
            assertEquals(0, control.get("generation_skips").asLong());
            blocks += progs.size();
        }
        assertEquals(blocks, out.get("blocks").asLong());
        long reads = 0;
        for (JsonNode d : out.get("per_device")) {
            boolean missing = d.get("devid").asLong() == absent;
            assertEquals(!missing, d.get("present").asBoolean(), d.toString());
            assertEquals(missing, d.get("path").isNull(), d.toString());
            assertTrue(missing ? d.get("reads").asLong() == 0 : d.get("reads").asLong() > 0, d.toString());
            reads += d.get("reads").asLong();
        }
        assertEquals(blocks, reads, "each block read once, from a present device");
        assertEquals(before, hashes(array.unpackedImages()));
    }

    /**
     * An image cut short: exactly the blocks of a subvolume's tree that lie past the new end are
     * lost, each one stderr line with its reason and nothing else on stderr; everything the trees
     * reach around them is read; exit 1; the cut copy and the committed image are unchanged by
     * the run. (The root tree is written late and lies above the fs tree in these arrays: a cut
     * that keeps the filesystem openable can only lose blocks written after it — here the top of
     * subvolume 257's tree.)
     */
    @Test
    void aTruncatedImageLosesExactlyTheBlocksPastItsEnd() throws IOException {
        TestArray array = TestArrays.named("mixed-crc32c-4k");
        Path original = array.unpackedImages().get(0);
        Map<Path, String> before = hashes(List.of(original));
        Layout layout = layout(original);
        Path cut = tmp.resolve("dev1-cut.img");
        Files.copy(original, cut);
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(layout.cut);
        }
        String cutHash = Hashes.sha256(cut);
        Run run = Run.of("readahead", "--tree", Long.toString(VICTIM), "--tree", "fs", "--json", "--list-blocks",
                cut.toString());

        Set<Long> lost = new TreeSet<>(layout.pastEnd);
        lost.retainAll(layout.reachableAvoiding(layout.pastEnd));
        assertFalse(lost.isEmpty(), "the cut loses some blocks of tree " + VICTIM);
        Set<Long> read = new TreeSet<>(layout.reachableAvoiding(lost));
        read.removeAll(lost);
        assertEquals(1, run.exit(), run.err());
        JsonNode out = ReadaheadCommandTest.json(run);
        JsonNode victim = out.get("controls").get(0);
        assertEquals(read, longs(victim.get("block_list")));
        Map<Long, String> reported = new TreeMap<>();
        for (JsonNode e : victim.get("errors")) {
            assertEquals(1, e.get("devid").asLong());
            assertEquals(null, reported.put(e.get("logical").asLong(), e.get("reason").asText()));
        }
        Map<Long, String> reasons = new TreeMap<>();
        for (long block : lost) {
            reasons.put(block, "read error: truncated: wanted 4096 bytes at offset " + layout.physical.get(block)
                    + ", device has " + layout.cut);
        }
        assertEquals(reasons, reported, "exactly the blocks past the end, with the reason");
        assertEquals(victim.get("errors"), out.get("errors"));
        JsonNode fsTree = out.get("controls").get(1);
        Set<Long> progs = new TreeSet<>();
        ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).forEach(b -> progs.add(b.bytenr()));
        assertEquals(progs, longs(fsTree.get("block_list")), "the fs tree lies below the cut: all of it read");
        assertEquals(0, fsTree.get("errors").size());
        assertEquals(read.size(), victim.get("blocks").asLong());

        List<String> expectedErr = new ArrayList<>();
        reasons.forEach((block, reason) -> expectedErr.add("btrfs-workbench: tree block " + block + " (devid 1): "
                + reason));
        List<String> err = new ArrayList<>(lines(run.err()));
        err.sort(null);
        expectedErr.sort(null);
        assertEquals(expectedErr, err, "one line per lost block, nothing else");
        assertEquals(cutHash, Hashes.sha256(cut), "the cut copy is only read");
        assertEquals(before, hashes(List.of(original)));
    }

    /** The tree the cut takes blocks of. */
    private static final long VICTIM = 257;

    /** Where the victim tree's blocks lie on the single device, and a cut that keeps the filesystem openable. */
    private record Layout(long root, Map<Long, List<Long>> children, Map<Long, Long> physical, long cut,
            Set<Long> pastEnd) {

        Set<Long> reachableAvoiding(Set<Long> lost) {
            Set<Long> out = new HashSet<>();
            Deque<Long> todo = new ArrayDeque<>(List.of(root));
            while (!todo.isEmpty()) {
                long block = todo.pop();
                if (out.add(block) && !lost.contains(block)) {
                    todo.addAll(children.getOrDefault(block, List.of()));
                }
            }
            return out;
        }
    }

    /**
     * The cut: above every block of the other trees and the victim's root, in the middle of the
     * victim's blocks above them.
     */
    private static Layout layout(Path image) throws IOException {
        FilesystemOpen opened = BtrfsFilesystem.openPaths(List.of(image));
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem()) {
            int nodesize = fs.nodesize();
            long keep = 0;
            for (TreeRoot other : fs.treeRoots()) {
                if (other.id() != VICTIM) {
                    for (VisitedBlock b : fs.collect(other, KeyRange.ALL).blocks()) {
                        keep = Math.max(keep, physicalOf(fs, b.bytenr()) + nodesize);
                    }
                }
            }
            TreeRoot victimRoot = fs.treeRoot(VICTIM).orElseThrow();
            keep = Math.max(keep, physicalOf(fs, victimRoot.bytenr()) + nodesize);
            Map<Long, List<Long>> children = new LinkedHashMap<>();
            Map<Long, Long> physical = new LinkedHashMap<>();
            List<Long> above = new ArrayList<>();
            for (VisitedBlock b : fs.collect(victimRoot, KeyRange.ALL).blocks()) {
                long p = physicalOf(fs, b.bytenr());
                physical.put(b.bytenr(), p);
                if (b.block() instanceof Node node) {
                    children.put(b.bytenr(), node.pointers().stream().map(NodePointer::blockptr).toList());
                }
                if (p >= keep) {
                    above.add(p);
                }
            }
            assertTrue(!above.isEmpty(), "blocks of tree " + VICTIM + " above the other trees' in " + image);
            above.sort(null);
            long cut = above.get(above.size() / 2) + nodesize / 2; // mid-block: a short read, not a clean end
            Set<Long> pastEnd = new HashSet<>();
            physical.forEach((block, p) -> {
                if (p + nodesize > cut) {
                    pastEnd.add(block);
                }
            });
            return new Layout(victimRoot.bytenr(), children, physical, cut, pastEnd);
        }
    }

    /** The tree below {@code root}: its blocks' children, nothing cut. */
    private static Layout shape(BtrfsFilesystem fs, TreeRoot root) {
        Map<Long, List<Long>> children = new LinkedHashMap<>();
        for (VisitedBlock b : fs.collect(root, KeyRange.ALL).blocks()) {
            if (b.block() instanceof Node node) {
                children.put(b.bytenr(), node.pointers().stream().map(NodePointer::blockptr).toList());
            }
        }
        return new Layout(root.bytenr(), children, Map.of(), 0, Set.of());
    }

    /**
     * The v4.19 engine on RAID1 with devid 3 left out. In a chunk whose stripe 0 (as btrfs-progs
     * lists the chunk) lies on devid 3, the one present device is the first of the extent's
     * compacted zones and reads mirror_num 1 — the missing stripe 0: the read fails and cuts the
     * branch below, one stderr line per block. The same run with the workbench engine loses
     * nothing ({@link #aRaid1WithADeviceMissingReportsExactlyTheMissingDevice}).
     */
    @Test
    void theV419EngineLosesTheBlocksWhoseStripeZeroIsOnTheMissingDevice() throws IOException {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        TestDevice absent = array.devices().get(2);
        Set<Long> stripeZeroAbsent = new HashSet<>();
        List<ArrayTruth.ChunkRow> chunks = ArrayTruth.of(array).chunks();
        List<String> args = new ArrayList<>(List.of("readahead", "--engine", "v4.19", "--json", "--list-blocks"));
        List<Layout> trees = new ArrayList<>();
        for (ArrayTruth.TreeRow tree : ArrayTruth.of(array).trees()) {
            args.addAll(List.of("--tree", Long.toUnsignedString(tree.id())));
            ArrayTruth.of(array).blocks(tree.id()).forEach(b -> {
                if (stripeZeroOf(chunks, b.bytenr()) == absent.devid()) {
                    stripeZeroAbsent.add(b.bytenr());
                }
            });
        }
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(array.unpackedImages()))
                .filesystem()) {
            for (ArrayTruth.TreeRow tree : ArrayTruth.of(array).trees()) {
                trees.add(shape(fs, fs.treeRoot(tree.id()).orElseThrow()));
            }
        }
        array.devices().stream().filter(d -> d != absent).forEach(d -> args.add(d.file().toString()));
        Run run = Run.of(args);
        assertEquals(1, run.exit(), run.err());
        JsonNode out = ReadaheadCommandTest.json(run);
        assertEquals("v4.19", out.get("engine").asText());
        List<String> expectedErr = new ArrayList<>(List.of("btrfs-workbench: devid " + absent.devid()
                + ": MISSING: not among the given devices (uuid " + absent.uuid() + ")"));
        long lostTotal = 0;
        for (int i = 0; i < trees.size(); i++) {
            Layout tree = trees.get(i);
            Set<Long> lost = new TreeSet<>(stripeZeroAbsent);
            lost.retainAll(tree.reachableAvoiding(stripeZeroAbsent));
            Set<Long> read = new TreeSet<>(tree.reachableAvoiding(lost));
            read.removeAll(lost);
            JsonNode control = out.get("controls").get(i);
            assertEquals(read, longs(control.get("block_list")), "tree " + control.get("tree"));
            Set<Long> reported = new TreeSet<>();
            for (JsonNode e : control.get("errors")) {
                reported.add(e.get("logical").asLong());
                assertEquals(absent.devid(), e.get("devid").asLong(), e.toString());
                expectedErr.add("btrfs-workbench: tree block " + e.get("logical").asLong() + " (devid "
                        + absent.devid() + "): " + e.get("reason").asText());
            }
            assertEquals(lost, reported, "tree " + control.get("tree") + ": an error for each block lost");
            lostTotal += lost.size();
        }
        assertTrue(lostTotal > 0 && out.get("blocks").asLong() > 0, "some blocks lost, others read");
        List<String> err = new ArrayList<>(lines(run.err()));
        err.sort(null);
        expectedErr.sort(null);
        assertEquals(expectedErr, err, "the missing device, then one line per lost block");
    }

    /** The devid of stripe 0 of the chunk holding {@code logical}, as btrfs-progs lists it. */
    private static long stripeZeroOf(List<ArrayTruth.ChunkRow> chunks, long logical) {
        for (ArrayTruth.ChunkRow c : chunks) {
            if (Long.compareUnsigned(logical, c.logical()) >= 0 && Long.compareUnsigned(logical - c.logical(),
                    c.length()) < 0) {
                return c.stripes().get(0).devid();
            }
        }
        throw new AssertionError("no chunk holds " + logical);
    }

    /** The device offset of the block's first copy (what readahead reads on a single device). */
    private static long physicalOf(BtrfsFilesystem fs, long logical) {
        List<Mirror> mirrors = fs.chunkMap().mirrors(logical);
        return mirrors.get(0).physical();
    }

    /**
     * An image emptied while it is read (truncated to 0, as a file system that lost it would):
     * the run ends; the blocks read before are reported read, every later block is lost with the
     * device's new size in its reason and cuts its branch, one stderr line each; exit 1.
     */
    @Test
    void anImageEmptiedMidRunLosesEveryBlockReadAfterwards() throws Exception {
        TestArray array = TestArrays.named("single-crc32c-16k");
        Path copy = tmp.resolve("dev1-vanishing.img");
        Files.copy(array.unpackedImages().get(0), copy);
        Layout layout;
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(List.of(copy))).filesystem()) {
            layout = shape(fs, fs.treeRoot(ObjectIds.FS_TREE).orElseThrow());
        }
        // one block per read (--no-coalesce), one read at a time, 100 ms each: about 6 s for the fs tree's 56
        // blocks; emptied after 1 s, when the
        // filesystem is open (well under 1 s even on a busy machine) and some blocks are read
        java.util.concurrent.CompletableFuture<Run> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Run.of("readahead", "--tree", "fs", "--json", "--list-blocks", "--no-coalesce", "--max-in-flight", "1",
                        "--latency-ms", "100", copy.toString()));
        Thread.sleep(1000);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Run run = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, run.exit(), run.err());
        JsonNode control = ReadaheadCommandTest.json(run).get("controls").get(0);
        Set<Long> read = longs(control.get("block_list"));
        Set<Long> lost = new TreeSet<>();
        List<String> expectedErr = new ArrayList<>();
        for (JsonNode e : control.get("errors")) {
            long block = e.get("logical").asLong();
            lost.add(block);
            assertEquals(1, e.get("devid").asLong());
            assertTrue(e.get("reason").asText().matches("read error: truncated: wanted 16384 bytes at offset \\d+, "
                    + "device has 0"), e.toString());
            expectedErr.add("btrfs-workbench: tree block " + block + " (devid 1): " + e.get("reason").asText());
        }
        assertFalse(read.isEmpty(), "blocks read before the image was emptied");
        assertFalse(lost.isEmpty(), "blocks lost after");
        Set<Long> reached = layout.reachableAvoiding(lost);
        reached.removeAll(lost);
        assertEquals(reached, read, "everything reachable around the lost blocks was read, nothing else");
        assertEquals(expectedErr, lines(run.err()), "one line per lost block, nothing else");
    }

    /**
     * A run the engine aborted (out of memory): the reason is one stderr line, not a block's; the
     * JSON keeps the documented shape with the abort as an error of logical and devid 0.
     */
    @Test
    void anAbortedRunIsOneLineSayingWhy() throws Exception {
        TestArray array = TestArrays.named("single-crc32c-16k");
        String image = array.unpackedImages().get(0).toString();
        RunSpec spec = Cli.readaheadSpec(List.of("--tree", "fs", "--json", image));
        try (ArraySession session = ArraySession.open(spec)) {
            OpenFilesystem fs = OpenFilesystem.of(session.array());
            TreeRoot root = fs.get().treeRoot(ObjectIds.FS_TREE).orElseThrow();
            EngineSnapshot engine = session.engine().snapshot();
            String reason = "out of memory (Java heap space): give the JVM more heap (-Xmx) or read fewer trees at once";
            ControlSnapshot aborted = new ControlSnapshot(1, root.name(), root.bytenr(), root.generation(), Key.MIN,
                    Key.MAX, ControlStatus.CANCELLED, 0, 0, 0, 0, 1, List.of(ReadError.aborted(reason)), 0, List.of());
            ReadaheadReport report = new ReadaheadReport(fs, List.of(root), spec, false, engine, List.of(aborted),
                    List.of(FollowProgress.NONE),
                    new RunRecorder(false, false, logical -> List.of(), java.util.Set.of()), 1_000_000, false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            report.print(true, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertTrue(report.aborted());
            assertEquals("btrfs-workbench: readahead aborted: " + reason + "\n", err.toString(StandardCharsets.UTF_8));
            JsonNode error = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("errors").get(0);
            assertEquals(0, error.get("logical").asLong());
            assertEquals(0, error.get("devid").asLong());
            assertEquals("readahead aborted: " + reason, error.get("reason").asText());
        }
    }

    @Test
    void theReadTimeoutIsASecondsOption() {
        TestArray array = TestArrays.named("single-crc32c-16k");
        Run ok = Run.on(array, "readahead", "--tree", "root", "--read-timeout", "0.5");
        assertEquals(0, ok.exit(), ok.err());
        Run forever = Run.on(array, "readahead", "--tree", "root", "--read-timeout", "0");
        assertEquals(0, forever.exit(), forever.err());
        Run bad = Run.on(array, "readahead", "--tree", "root", "--read-timeout", "soon");
        assertEquals(2, bad.exit());
        assertEquals("btrfs-workbench: --read-timeout needs a number, not 'soon' (see --help)\n", bad.err());
        Run negative = Run.on(array, "readahead", "--tree", "root", "--read-timeout", "-1");
        assertEquals(2, negative.exit());
        assertEquals("btrfs-workbench: --read-timeout must be between 0 and 86400, not -1 (see --help)\n",
                negative.err());
    }
}

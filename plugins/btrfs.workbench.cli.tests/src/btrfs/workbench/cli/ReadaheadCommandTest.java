package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.snapshot.trace.TraceHeader;
import btrfs.workbench.snapshot.trace.TraceReader;
import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;
import btrfs.workbench.testsupport.TraceInvariants;

/** The {@code readahead} CLI contract on every committed array, against btrfs-progs and the library. */
class ReadaheadCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TOP_FIELDS = List.of("fsid", "strategy", "failover", "scrub", "elapsed_ms",
            "blocks", "nodes", "leaves", "bytes", "generation_skips", "errors", "bad_copies", "controls", "per_device",
            "live", "links_followed", "shared_skips", "restarts", "changed", "engine");
    private static final List<String> CONTROL_FIELDS = List.of("tree", "name", "start", "end", "blocks", "bytes",
            "generation_skips", "errors", "bad_copies", "block_list", "links_followed", "shared_skips", "restarts",
            "changed");
    private static final List<String> DEVICE_FIELDS = List.of("devid", "path", "present", "reads", "bytes",
            "seek_bytes", "max_in_flight", "copies_read", "bad_copies");

    private static final Map<String, BtrfsFilesystem> OPEN = new HashMap<>();

    @TempDir
    static Path tmp;

    /** The same array opened by the library, for mirrors and walks to compare with. */
    private static synchronized BtrfsFilesystem library(TestArray array) {
        return OPEN.computeIfAbsent(array.name(), n -> {
            FilesystemOpen opened = BtrfsFilesystem.openPaths(array.unpackedImages());
            return ((FilesystemOpen.Opened) opened).filesystem();
        });
    }

    @AfterAll
    static void close() throws IOException {
        for (BtrfsFilesystem fs : OPEN.values()) {
            fs.close();
        }
    }

    static JsonNode json(Run run) throws IOException {
        return MAPPER.readTree(run.out());
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<Long> longs(JsonNode array) {
        Set<Long> out = new HashSet<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    /** Checks the trace file of a run of {@code array} against the machine's invariants. */
    static List<ReadaheadEvent> checkTrace(TestArray array, Path trace, int cap, boolean reada) throws IOException {
        return checkTrace(array, trace, new TraceInvariants.Rules(cap, true, reada, false, true));
    }

    static List<ReadaheadEvent> checkTrace(TestArray array, Path trace, TraceInvariants.Rules rules)
            throws IOException {
        List<ReadaheadEvent> events = TraceReader.read(trace);
        BtrfsFilesystem fs = library(array);
        List<String> problems = TraceInvariants.check(events,
                l -> fs.chunkMap().mirrors(l).stream().map(m -> new StripeCopy(m.devid(), m.physical())).toList(),
                l -> List.of(), rules);
        assertEquals(List.of(), problems);
        return events;
    }

    @TestFactory
    Stream<DynamicTest> everyTreeReadsExactlyTheBlocksBtrfsProgsDumps() {
        return everyTree((array, tree) -> readsWhatProgsDumps(array, tree.id(), "workbench",
                new TraceInvariants.Rules(6, true, true, false, true)));
    }

    /** The v4.19 engine reads the same blocks: no deviation changes what is read on a whole array. */
    @TestFactory
    Stream<DynamicTest> theV419EngineReadsExactlyTheSameBlocks() {
        return everyTree((array, tree) -> readsWhatProgsDumps(array, tree.id(), "v4.19",
                new TraceInvariants.Rules(6, true, true, false, false), "--engine", "v4.19"));
    }

    private interface TreeTest {
        void run(TestArray array, ArrayTruth.TreeRow tree) throws Exception;
    }

    private static Stream<DynamicTest> everyTree(TreeTest test) {
        return TestArrays.all().stream().flatMap(array -> ArrayTruth.of(array).trees().stream()
                .map(tree -> DynamicTest.dynamicTest(array.name() + " " + tree.name(), () -> test.run(array, tree))));
    }

    private static void readsWhatProgsDumps(TestArray array, long tree, String engine, TraceInvariants.Rules rules,
            String... options) throws IOException {
        Path trace = tmp.resolve(array.name() + "-" + tree + "-" + engine + ".jsonl");
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", Long.toUnsignedString(tree), "--json",
                "--list-blocks", "--trace", trace.toString()));
        args.addAll(List.of(options));
        Run run = Run.on(array, args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        JsonNode out = json(run);
        assertEquals(TOP_FIELDS, fields(out));
        assertEquals(engine, out.get("engine").asText());
        Set<Long> progs = new HashSet<>();
        ArrayTruth.of(array).blocks(tree).forEach(b -> progs.add(b.bytenr()));
        JsonNode control = out.get("controls").get(0);
        assertEquals(CONTROL_FIELDS, fields(control));
        assertEquals(progs, longs(control.get("block_list")));
        assertEquals(progs.size(), control.get("block_list").size(), "each block once");
        assertEquals(progs.size(), out.get("blocks").asLong());
        assertEquals(out.get("blocks").asLong(), out.get("nodes").asLong() + out.get("leaves").asLong());
        assertEquals(progs.size(), control.get("blocks").asLong());
        assertEquals(0, out.get("errors").size());
        assertEquals(array.fsid().toString(), out.get("fsid").asText());
        assertEquals("reada", out.get("strategy").asText());
        long reads = 0;
        for (JsonNode d : out.get("per_device")) {
            assertEquals(DEVICE_FIELDS, fields(d));
            assertTrue(d.get("max_in_flight").asInt() <= 6);
            reads += d.get("reads").asLong();
        }
        assertEquals(progs.size(), reads);
        List<ReadaheadEvent> events = checkTrace(array, trace, rules);
        // each block read once: submitted, or served from the zone stream where the tree is dense
        assertEquals(progs.size(), events.stream().filter(e -> e instanceof ReadaheadEvent.Submit
                || e instanceof ReadaheadEvent.Complete c && c.streamed()).count());
        assertEquals(new TraceHeader(engine, "reada", 6), TraceReader.header(trace).orElseThrow());
    }

    @TestFactory
    Stream<DynamicTest> keyRangesReadTheBlocksTheLibraryWalkFinds() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            BtrfsFilesystem fs = library(array);
            var root = fs.treeRoot(ObjectIds.FS_TREE).orElseThrow();
            List<Key> keys = new ArrayList<>();
            for (VisitedBlock b : fs.collect(root, KeyRange.ALL).blocks()) {
                if (b.block() instanceof btrfs.workbench.metadata.tree.Leaf leaf) {
                    keys.addAll(leaf.keys());
                }
            }
            Key start = keys.get(keys.size() / 3);
            Key end = keys.get(keys.size() * 2 / 3);
            Set<Long> walked = new HashSet<>();
            fs.collect(root, new KeyRange(start, end)).blocks().forEach(b -> walked.add(b.bytenr()));
            for (String strategy : List.of("reada", "naive")) {
                Run run = Run.on(array, "readahead", "--tree", "fs", "--start",
                        start.objectid() + "," + start.typeName() + "," + start.offset(), "--end", end.toArgument(),
                        "--strategy", strategy, "--json", "--list-blocks");
                assertEquals(0, run.exit(), run.err());
                JsonNode control = json(run).get("controls").get(0);
                assertEquals(walked, longs(control.get("block_list")), strategy);
                assertEquals(start.toArgument(), control.get("start").asText());
                assertEquals(end.toArgument(), control.get("end").asText());
            }
        }));
    }

    @Test
    void severalTreesRunAtOnceAsOneControlEach() throws IOException {
        TestArray array = TestArrays.named("raid10-xxhash-16k");
        Path trace = tmp.resolve("three.jsonl");
        Run run = Run.on(array, "readahead", "--tree", "fs", "--tree", "extent", "--tree", "csum", "--json",
                "--list-blocks", "--max-in-flight", "2", "--trace", trace.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode out = json(run);
        Iterator<JsonNode> controls = out.get("controls").elements();
        long total = 0;
        for (long tree : List.of(ObjectIds.FS_TREE, ObjectIds.EXTENT_TREE, ObjectIds.CSUM_TREE)) {
            JsonNode c = controls.next();
            assertEquals(tree, c.get("tree").asLong());
            Set<Long> progs = new HashSet<>();
            ArrayTruth.of(array).blocks(tree).forEach(b -> progs.add(b.bytenr()));
            assertEquals(progs, longs(c.get("block_list")));
            total += progs.size();
        }
        assertEquals(total, out.get("blocks").asLong());
        out.get("per_device").forEach(d -> assertTrue(d.get("max_in_flight").asInt() <= 2, d.toString()));
        List<ReadaheadEvent> events = checkTrace(array, trace, 2, true);
        assertTrue(events.stream().anyMatch(e -> e instanceof ReadaheadEvent.Pick));
    }

    @Test
    void naiveReadsOneBlockAtATime() throws IOException {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        Path trace = tmp.resolve("naive.jsonl");
        Run run = Run.on(array, "readahead", "--tree", "fs", "--strategy", "naive", "--json", "--trace",
                trace.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode out = json(run);
        assertEquals("naive", out.get("strategy").asText());
        out.get("per_device").forEach(d -> assertTrue(d.get("max_in_flight").asInt() <= 1, d.toString()));
        checkTrace(array, trace, 1, false);
    }

    @Test
    void aRaid1ArrayWithOneImageAbsentIsReadFromTheOthers() throws IOException {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        List<String> args = new ArrayList<>(List.of("readahead", "--tree", "fs", "--tree", "extent", "--json"));
        array.compressedImages().stream().skip(1).forEach(p -> args.add(p.toString()));
        Run run = Run.of(args);
        assertEquals(1, run.exit(), "the missing device is reported");
        assertTrue(run.err().contains("devid " + array.devices().get(0).devid() + ": MISSING"), run.err());
        JsonNode out = json(run);
        assertEquals(0, out.get("errors").size());
        assertEquals(ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).size()
                + ArrayTruth.of(array).blocks(ObjectIds.EXTENT_TREE).size(), out.get("blocks").asLong());
        JsonNode absent = out.get("per_device").get(0);
        assertEquals(false, absent.get("present").asBoolean());
        assertTrue(absent.get("path").isNull());
        assertEquals(0, absent.get("reads").asLong());
    }

    /** O_DIRECT bypasses the page cache; the blocks and their checks stay the same. */
    @Test
    void directReadsTheSameBlocks() throws IOException {
        TestArray array = TestArrays.named("raid5-crc32c-16k");
        Run cached = Run.on(array, "readahead", "--tree", "fs", "--json", "--list-blocks");
        Run direct = Run.on(array, "readahead", "--tree", "fs", "--json", "--list-blocks", "--direct");
        assertEquals(0, direct.exit(), direct.err());
        assertEquals(longs(json(cached).get("controls").get(0).get("block_list")),
                longs(json(direct).get("controls").get(0).get("block_list")));
    }

    @Test
    void textOutputSummarisesTheRun() {
        Run run = Run.on(TestArrays.named("dup-xxhash-4k"), "readahead", "--tree", "fs");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("readahead of b7f5b7f5-"), run.out());
        assertTrue(run.out().contains("tree FS_TREE"), run.out());
        assertTrue(run.out().contains("devid 1"), run.out());
    }

    /** Pacing: the naive walk waits the latency for every block, one after the other. */
    @Test
    void latencyIsPaidPerRead() throws IOException {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "readahead", "--tree", "fs", "--strategy", "naive",
                "--latency-ms", "3", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode out = json(run);
        assertTrue(out.get("elapsed_ms").asDouble() >= 3.0 * out.get("blocks").asLong(), out.toString());
    }

    @Test
    void theImagesAreNotChanged() throws IOException {
        TestArray array = TestArrays.named("raid6-sha256-16k");
        Run run = Run.on(array, "readahead", "--tree", "fs", "--tree", "root", "--seek-model", "hdd", "--json");
        assertEquals(0, run.exit(), run.err());
        List<Path> images = array.unpackedImages();
        for (int i = 0; i < images.size(); i++) {
            TestDevice device = array.devices().get(i);
            assertEquals(device.sha256(), Hashes.sha256(images.get(i)), device.file().toString());
        }
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        TestArray array = TestArrays.named("single-crc32c-16k");
        Map<List<String>, String> cases = Map.of(
                List.of("readahead"), "readahead needs --tree T",
                List.of("readahead", "--tree", "fs", "--start", "1,2"), "key '1,2' is not objectid,type,offset",
                List.of("readahead", "--tree", "fs", "--end", "1,BOGUS_ITEM,0"), "type 'BOGUS_ITEM'",
                List.of("readahead", "--tree", "fs", "--start", "5,1,0", "--end", "4,1,0"), "is before --start",
                List.of("readahead", "--tree", "fs", "--strategy", "fast"), "unknown readahead strategy 'fast'",
                List.of("readahead", "--tree", "fs", "--max-in-flight", "0"), "--max-in-flight must be between 1",
                List.of("readahead", "--tree", "quota"), "tree quota not present",
                List.of("readahead", "--tree", "fs", "--latency-ms", "x"), "--latency-ms needs a number",
                List.of("readahead", "--tree", "fs", "--trace", "/nonexistent/dir/t.jsonl"), "cannot write the trace");
        cases.forEach((args, message) -> {
            Run run = Run.on(array, args.toArray(String[]::new));
            assertEquals(2, run.exit(), args + ": " + run.err());
            assertTrue(run.err().startsWith("btrfs-workbench: ") && run.err().contains(message), args + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
        });
    }

    @Test
    void keysTakeNamesAndNumbers() {
        assertEquals(new Key(5, 132, 0), Key.parse("FS_TREE,ROOT_ITEM,0"));
        assertEquals(new Key(256, 1, -1L), Key.parse("256, inode_item, -1"));
        assertEquals(new Key(-1L, 255, -1L), Key.parse("18446744073709551615,255,18446744073709551615"));
    }
}

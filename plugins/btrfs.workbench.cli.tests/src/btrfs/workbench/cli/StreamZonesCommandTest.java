package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.ProgsImages;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Zone streaming changes how blocks are read, never what the report says of them: on every
 * committed array (every tree at once) and on every btrfs-progs image — corrupt and fuzzed ones
 * too — the run with {@code --stream-zones} ends with the same
 * exit code and the same problems on stderr as the run with {@code --no-stream-zones}, and every
 * control reports the same blocks, generation skips and errors (block and reason; which copy
 * failed may differ between any two runs).
 */
class StreamZonesCommandTest {

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyCommittedArrayReportsTheSameWithAndWithoutStreaming() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            List<String> args = new ArrayList<>(List.of("readahead", "--json", "--list-blocks"));
            ArrayTruth.of(array).trees().forEach(t -> args.addAll(List.of("--tree", Long.toUnsignedString(t.id()))));
            List<String> perBlock = new ArrayList<>(args);
            perBlock.add("--no-stream-zones");
            Run plain = Run.on(array, perBlock.toArray(String[]::new));
            Path trace = scratch.resolve(array.name() + ".trace");
            args.addAll(List.of("--stream-zones", "--trace", trace.toString()));
            Run streamed = Run.on(array, args.toArray(String[]::new));
            assertEquals(0, plain.exit(), plain.err());
            assertSameReport(plain, streamed);
            assertTrue(Files.readString(trace).contains("\"ev\":\"stream_read\""), "the run streamed");
            JsonNode out = ReadaheadCommandTest.json(streamed);
            assertTrue(out.get("blocks").asLong() > 0, array.name());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyProgsImageReportsTheSameWithAndWithoutStreaming() {
        assumeTrue(ProgsImages.available(), "no btrfs-progs images at " + ProgsImages.directory());
        return ProgsImages.filesystems().stream().map(SweepPlan::target).map(target -> DynamicTest.dynamicTest(
                target.name(), () -> {
                    SweepPlan.Invocation readahead = SweepPlan.invocations(target).stream()
                            .filter(i -> i.command().get(0).equals("readahead")).findFirst().orElseThrow();
                    List<String> argv = readahead.argv();
                    List<String> perBlock = new ArrayList<>(argv);
                    perBlock.add(1, "--no-stream-zones");
                    Run plain = Run.of(perBlock);
                    List<String> streaming = new ArrayList<>(argv);
                    streaming.add(1, "--stream-zones");
                    Run streamed = Run.of(streaming);
                    assertSameReport(plain, streamed);
                }));
    }

    private static void assertSameReport(Run plain, Run streamed) throws IOException {
        assertEquals(plain.exit(), streamed.exit(), streamed.err());
        // one line per problem, in the order the reads happened to complete
        assertEquals(plain.err().lines().sorted().toList(), streamed.err().lines().sorted().toList());
        if (plain.out().isBlank()) {
            assertEquals(plain.out(), streamed.out());
            return;
        }
        assertEquals(outcome(ReadaheadCommandTest.json(plain)), outcome(ReadaheadCommandTest.json(streamed)));
    }

    /** Per control: blocks, the blocks listed, generation skips, errors as "block: reason". */
    private static Map<String, List<Object>> outcome(JsonNode report) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (JsonNode c : report.get("controls")) {
            TreeSet<String> errors = new TreeSet<>();
            c.get("errors").forEach(e -> errors.add(e.get("logical").asText() + ": " + e.get("reason").asText()));
            TreeSet<Long> listed = new TreeSet<>();
            if (c.has("block_list")) {
                c.get("block_list").forEach(b -> listed.add(b.asLong()));
            }
            out.put(c.get("tree").asText() + " " + c.get("start").asText() + ".." + c.get("end").asText(),
                    List.of(c.get("blocks").asLong(), listed, c.get("generation_skips").asLong(), errors));
        }
        return out;
    }
}

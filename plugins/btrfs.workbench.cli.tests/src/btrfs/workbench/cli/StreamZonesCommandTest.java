package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.ProgsImages;
import btrfs.workbench.testsupport.TestArrays;

/**
 * {@code readahead --stream-zones} changes how blocks are read, never what the report says of
 * them: on every committed array (every tree at once) and on every btrfs-progs image — corrupt
 * and fuzzed ones too — the run with it ends with the same exit code and the same problems on
 * stderr as the run without it, and every control reports the same blocks, generation skips and errors (block
 * and reason; which copy failed may differ between any two runs).
 */
class StreamZonesCommandTest {

    @TestFactory
    Stream<DynamicTest> everyCommittedArrayReportsTheSameWithAndWithoutStreaming() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            List<String> args = new ArrayList<>(List.of("readahead", "--json", "--list-blocks"));
            ArrayTruth.of(array).trees().forEach(t -> args.addAll(List.of("--tree", Long.toUnsignedString(t.id()))));
            Run plain = Run.on(array, args.toArray(String[]::new));
            args.add("--stream-zones");
            Run streamed = Run.on(array, args.toArray(String[]::new));
            assertEquals(0, plain.exit(), plain.err());
            assertSameReport(plain, streamed);
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
                    Run plain = Run.of(argv);
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

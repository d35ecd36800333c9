package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArrays;

/**
 * {@code trees}: every tree btrfs-progs dumped (truth/trees.tsv: id, root block, level) is listed
 * with the same root and level, and every subvolume with the path {@code btrfs subvolume list}
 * printed; the text form lists the same trees.
 */
class TreesCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> theTreesAreBtrfsProgsTreesWithTheirSubvolumePaths() {
        return TestArrays.all().stream().map(a -> DynamicTest.dynamicTest(a.name(), () -> {
            Run run = Run.on(a, "trees", "--json");
            assertEquals(0, run.exit(), run.err());
            Map<Long, JsonNode> listed = new HashMap<>();
            for (JsonNode t : MAPPER.readTree(run.out()).get("trees")) {
                listed.put(Long.parseUnsignedLong(t.get("id").asText()), t);
            }
            ArrayTruth truth = ArrayTruth.of(a);
            for (ArrayTruth.TreeRow row : truth.trees()) {
                JsonNode t = listed.get(row.id());
                assertTrue(t != null, "tree " + row.id() + " (" + row.name() + ") listed: " + listed.keySet());
                assertEquals(row.rootBytenr(), Long.parseUnsignedLong(t.get("bytenr").asText()), row.name());
                assertEquals(row.level(), t.get("level").asInt(), row.name());
            }
            if (truth.hasSubvolumes()) {
                for (ArrayTruth.SubvolumeLine v : truth.subvolumes()) {
                    assertEquals(v.path(), listed.get(v.id()).get("subvolume").asText(), "subvolume " + v.id());
                }
            }
            Run text = Run.on(a, "trees");
            assertEquals(0, text.exit(), text.err());
            assertEquals(listed.size() + 1, text.out().lines().count(), "a header and a line per tree");
        }));
    }

    @Test
    void aMissingDeviceIsAClearError() {
        Run run = Run.of("trees", "/nonexistent/dev.img");
        assertEquals(Cli.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("/nonexistent/dev.img"), run.err());
    }
}

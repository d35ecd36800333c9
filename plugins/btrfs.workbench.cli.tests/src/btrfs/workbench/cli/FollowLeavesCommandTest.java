package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArrays;

/** {@code readahead --follow-leaves} and {@code --restart-on-generation} on every committed array. */
class FollowLeavesCommandTest {

    @TestFactory
    Stream<DynamicTest> followingTheRootTreeReadsEveryTreeOfTheArrayOnce() {
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            Run run = Run.on(array, "readahead", "--tree", "root", "--follow-leaves", "--restart-on-generation",
                    "--json", "--list-blocks");
            assertEquals(0, run.exit(), run.err());
            assertEquals("", run.err());
            Set<Long> all = new HashSet<>();
            long perTree = 0;
            for (ArrayTruth.TreeRow t : ArrayTruth.of(array).trees()) {
                Set<Long> blocks = new HashSet<>();
                ArrayTruth.of(array).blocks(t.id()).forEach(b -> blocks.add(b.bytenr()));
                all.addAll(blocks);
                perTree += blocks.size();
            }
            JsonNode out = ReadaheadCommandTest.json(run);
            JsonNode control = out.get("controls").get(0);
            assertEquals(all, ReadaheadCommandTest.longs(control.get("block_list")));
            assertEquals(all.size(), out.get("blocks").asLong(), "each block read once");
            assertEquals(0, out.get("errors").size());
            assertEquals(0, out.get("generation_skips").asLong());
            assertEquals(0, out.get("restarts").asLong(), "nothing changes in an image");
            assertEquals(0, out.get("changed").asLong());
            assertTrue(out.get("links_followed").asLong() + out.get("shared_skips").asLong() >= all.size());
            assertEquals(perTree > all.size(), out.get("shared_skips").asLong() > 0,
                    "blocks shared by trees arrive again: " + perTree + " per tree, " + all.size() + " in all");
            assertEquals(false, out.get("live").asBoolean());
            Run text = Run.on(array, "readahead", "--tree", "root", "--follow-leaves");
            assertEquals(0, text.exit(), text.err());
            assertTrue(text.out().contains(all.size() + " blocks"), text.out());
            assertTrue(text.out().contains("following: "), text.out());
        }));
    }

    @Test
    void followingNeedsTheReadaStrategy() {
        Run run = Run.on(TestArrays.all().get(0), "readahead", "--tree", "root", "--follow-leaves", "--strategy",
                "naive");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("need --strategy reada"), run.err());
    }
}

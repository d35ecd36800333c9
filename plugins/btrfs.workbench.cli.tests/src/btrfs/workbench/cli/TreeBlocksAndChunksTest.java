package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * The CLI contracts of tree-blocks and chunks, for every committed array and every tree it has,
 * against what btrfs-progs printed for the same images. Devices are given in reverse order to
 * show the order does not matter.
 */
class TreeBlocksAndChunksTest {



    @TestFactory
    Stream<DynamicTest> treeBlocksListsExactlyTheBlocksBtrfsProgsDumps() {
        return TestArrays.all().stream().flatMap(array -> ArrayTruth.of(array).trees().stream()
                .map(tree -> DynamicTest.dynamicTest(array.name() + " tree " + tree.name(), () -> {
                    Run run = Run.on(array, "tree-blocks", "--tree", Long.toUnsignedString(tree.id()));
                    assertEquals(new Run(0, run.out(), ""), run);
                    List<String> expected = ArrayTruth.of(array).blocks(tree.id()).stream()
                            .map(b -> (b.level() == 0 ? "leaf " : "node ") + Long.toUnsignedString(b.bytenr())).toList();
                    List<String> actual = run.out().lines().toList();
                    assertEquals(actual.size(), new HashSet<>(actual).size(), "each block once");
                    assertEquals(new HashSet<>(expected), new HashSet<>(actual));
                })));
    }

    @Test
    void treeNamesAreAcceptedLikeDumpTree() {
        TestArray array = TestArrays.named("raid1-quota-sha256-32k");
        for (String name : List.of("root", "extent", "chunk", "dev", "fs", "csum", "quota", "uuid", "free-space",
                "data-reloc", "FS_TREE", "256")) {
            Run run = Run.on(array, "tree-blocks", "--tree", name);
            assertEquals(0, run.exit(), name + ": " + run.err());
            assertTrue(run.out().lines().allMatch(l -> l.matches("(leaf|node) \\d+")), run.out());
        }
    }

    @Test
    void anUnknownTreeNameIsAUsageError() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "tree-blocks", "--tree", "bogus");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("btrfs-workbench: unknown tree 'bogus'"), run.err());
    }

    @Test
    void aMissingTreeIsExitTwo() {
        Run run = Run.on(TestArrays.named("single-crc32c-16k"), "tree-blocks", "--tree", "quota");
        assertEquals(2, run.exit());
        assertEquals("btrfs-workbench: tree quota not present\n", run.err());
    }

    @Test
    void treeBlocksJsonNamesEveryBlock() throws IOException {
        TestArray array = TestArrays.named("raid10-xxhash-16k");
        Run run = Run.on(array, "tree-blocks", "--json", "--tree", "fs");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(5, json.get("tree").asLong());
        assertEquals(ArrayTruth.of(array).blocks(5).size(), json.get("blocks").size());
        assertEquals(0, json.get("errors").size());
    }

    @TestFactory
    Stream<DynamicTest> chunksJsonIsTheChunkTreeBtrfsProgsDumps() {
        ObjectMapper mapper = new ObjectMapper();
        return TestArrays.all().stream().map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            Run run = Run.on(array, "chunks", "--json");
            assertEquals(new Run(0, run.out(), ""), run);
            JsonNode json = mapper.readTree(run.out());
            List<ArrayTruth.ChunkRow> truth = ArrayTruth.of(array).chunks();
            assertEquals(truth.size(), json.size());
            for (int i = 0; i < truth.size(); i++) {
                ArrayTruth.ChunkRow row = truth.get(i);
                JsonNode chunk = json.get(i);
                assertEquals(row.logical(), chunk.get("logical").asLong());
                assertEquals(row.length(), chunk.get("length").asLong());
                assertEquals(row.type(), chunk.get("type").asText());
                assertEquals(65536, chunk.get("stripe_len").asLong());
                assertEquals(row.stripes().size(), chunk.get("stripes").size());
                for (int s = 0; s < row.stripes().size(); s++) {
                    assertEquals(row.stripes().get(s).devid(), chunk.get("stripes").get(s).get("devid").asLong());
                    assertEquals(row.stripes().get(s).physical(), chunk.get("stripes").get(s).get("offset").asLong());
                }
            }
        }));
    }

    @Test
    void aDegradedArrayStillListsWhatItCanAndSaysWhatIsMissing() {
        TestArray raid1 = TestArrays.named("raid1-blake2-16k");
        List<String> args = new ArrayList<>(List.of("tree-blocks", "--tree", "fs"));
        args.add(raid1.compressedImages().get(0).toString());
        args.add(raid1.compressedImages().get(2).toString());

        Run run = Run.of(args);

        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("devid 2"), run.err());
        assertEquals(ArrayTruth.of(raid1).blocks(5).size(), run.out().lines().count(),
                "RAID1 metadata: every block has a copy on the devices present");
    }
}

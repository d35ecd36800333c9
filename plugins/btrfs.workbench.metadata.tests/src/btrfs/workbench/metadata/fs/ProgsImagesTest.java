package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.chunk.ChunkProblem;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.WalkResult;
import btrfs.workbench.testsupport.ProgsImages;

/**
 * The btrfs-progs test-suite images (many corrupt or fuzzed; skipped when the shared folder is
 * absent): opening each filesystem and walking every tree ends quickly with typed results,
 * never an exception or a hang; images btrfs check calls clean read without any block problem;
 * and some known damages are named for what they are.
 */
class ProgsImagesTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** Known damage: image name fragment and the problem it must produce. */
    private static final Map<String, Predicate<MetadataProblem>> KNOWN = Map.of(
            "sys-array-num-stripes-0", p -> p instanceof ChunkProblem c && c.reason().contains("num_stripes is 0"),
            "bko-97041-invalid-sub-stripes-zero",
            p -> p instanceof ChunkProblem c && c.reason().contains("sub_stripes 0"),
            "sys-chunk-type-bogus", p -> p instanceof ChunkProblem c && c.source().equals("sys_chunk_array"),
            "bko-97191-btrfs-image", p -> kind(p, BlockProblem.Kind.BAD_LEVEL),
            "fsck-tests_002-bad-transid", p -> kind(p, BlockProblem.Kind.GENERATION_MISMATCH),
            "fsck-tests_005-bad-item-offset", p -> kind(p, BlockProblem.Kind.BAD_ITEM),
            "misc-tests_034-metadata-uuid__disk1", p -> kind(p, BlockProblem.Kind.GENERATION_MISMATCH)
                    && ((BlockProblem) p).devid() == 2,
            "fsck-tests_036-bad-dev-extents", p -> p instanceof ChunkProblem c && c.reason().contains("ends past"),
            "fsck-tests_068-orphan-dev-extent",
            p -> p instanceof ChunkProblem c && c.reason().contains("no chunk stripe"),
            "bko-155151-bad-block-group-offset", p -> p instanceof ChunkProblem c && c.source().equals("block groups"));

    @TestFactory
    Stream<DynamicTest> everyImageOpensAndWalksWithTypedResults() throws IOException {
        assumeTrue(ProgsImages.available(), "no btrfs-progs images at " + ProgsImages.directory());
        Map<String, String> checkRc = manifestColumn("check_rc");
        return ProgsImages.filesystems().stream().map(fs -> DynamicTest.dynamicTest(fs.group(),
                () -> assertTimeoutPreemptively(LIMIT, () -> check(fs, checkRc))));
    }

    private static void check(ProgsImages.Filesystem image, Map<String, String> checkRc) throws IOException {
        List<Path> paths = image.images().stream().map(ProgsImages.Image::unpacked).toList();
        FilesystemOpen result = BtrfsFilesystem.openPaths(paths);
        List<MetadataProblem> problems = new ArrayList<>();
        List<BlockProblem> unrecovered = new ArrayList<>();
        if (result instanceof FilesystemOpen.Failed failed) {
            problems.addAll(failed.problems());
            assertFalse(failed.problems().isEmpty(), "a failed open says why");
        } else {
            try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) result).filesystem()) {
                problems.addAll(fs.problems());
                for (TreeRoot root : fs.treeRoots()) {
                    WalkResult walk = fs.collect(root, KeyRange.ALL);
                    unrecovered.addAll(walk.problems());
                    problems.addAll(walk.problems());
                    problems.addAll(walk.recovered());
                }
                // the free space tree of a damaged image: ranges inside their block group, or nothing
                for (BlockGroupItem group : fs.blockGroups()) {
                    long end = group.logical() + group.length();
                    fs.freeSpace(group.logical(), end).ifPresent(free -> free.forEach(r -> assertTrue(
                            r.start() >= group.logical() && r.end() <= end, r + " outside " + group)));
                }
            }
        }
        problems.forEach(p -> assertFalse(p.message().isBlank()));
        boolean clean = image.images().stream().allMatch(i -> "0".equals(checkRc.get(i.name())));
        if (clean && result instanceof FilesystemOpen.Opened) {
            assertEquals(List.of(), unrecovered, "btrfs check found no error, so every tree block must read");
        }
        KNOWN.forEach((fragment, expected) -> {
            if (image.group().contains(fragment)) {
                assertTrue(problems.stream().anyMatch(expected), fragment + " not recognised: " + problems);
            }
        });
    }

    private static boolean kind(MetadataProblem problem, BlockProblem.Kind kind) {
        return problem instanceof BlockProblem b && b.kind() == kind;
    }

    private static Map<String, String> manifestColumn(String column) throws IOException {
        List<String> lines = Files.readAllLines(ProgsImages.directory().resolve("MANIFEST.tsv"));
        List<String> header = List.of(lines.get(0).split("\t", -1));
        Map<String, String> values = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            values.put(cells[header.indexOf("name")], cells[header.indexOf(column)]);
        }
        return values;
    }
}

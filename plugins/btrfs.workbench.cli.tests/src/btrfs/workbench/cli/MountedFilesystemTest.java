package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.LoopDevices;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Reading the block devices of a MOUNTED filesystem works and writes nothing. Needs root and
 * loop devices (attached and detached by the test itself); skips cleanly without them.
 */
class MountedFilesystemTest {

    @TempDir
    Path scratch;

    @Test
    void readsAMountedArrayWithoutWritingToIt() throws Exception {
        TestArray array = TestArrays.named("raid1-blake2-16k");
        try (LoopDevices system = LoopDevices.forRootTest()) {
            LoopDevices.AttachedCopies copies = system.attachCopies(array, scratch);
            List<Path> images = copies.images();
            List<Path> loops = copies.loops();
            system.mountBtrfs(loops, Files.createDirectory(scratch.resolve("mnt")), "ro,norecovery");
            Map<Path, String> before = Hashes.sha256(images);

            List<String> args = new ArrayList<>(List.of("tree-blocks", "--tree", "fs"));
            loops.forEach(l -> args.add(l.toString()));
            Run run = Run.of(args);
            assertEquals(0, run.exit(), run.err());
            assertEquals(ArrayTruth.of(array).blocks(5).size(), run.out().lines().count());
            assertEquals(0, Run.of("super", loops.get(0).toString()).exit());
            List<String> readahead = new ArrayList<>(List.of("readahead", "--tree", "fs", "--tree", "root", "--json"));
            loops.forEach(l -> readahead.add(l.toString()));
            assertEquals(0, Run.of(readahead).exit());

            assertEquals(before, Hashes.sha256(images));
        }
    }
}

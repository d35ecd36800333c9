package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.ArrayTruth;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Reading the block devices of a MOUNTED filesystem works and writes nothing. Needs root and
 * loop devices (attached and detached by the test itself); skips cleanly without them.
 */
class MountedFilesystemTest {

    @TempDir
    Path scratch;

    private final List<String> loops = new ArrayList<>();

    @Test
    void readsAMountedArrayWithoutWritingToIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices and mount");
        TestArray array = TestArrays.named("raid1-blake2-16k");
        List<Path> images = new ArrayList<>();
        for (Path image : array.unpackedImages()) {
            images.add(Files.copy(image, scratch.resolve(image.getFileName())));
        }
        Path mountPoint = Files.createDirectory(scratch.resolve("mnt"));
        try {
            for (Path image : images) {
                String loop = sh("losetup", "--find", "--show", image.toString());
                assumeTrue(loop.startsWith("/dev/loop"), "no loop device: " + loop);
                loops.add(loop);
            }
            List<String> mount = new ArrayList<>(List.of("mount", "-t", "btrfs", "-o", "ro,norecovery"));
            loops.forEach(l -> mount.set(4, mount.get(4) + ",device=" + l));
            mount.add(loops.get(0));
            mount.add(mountPoint.toString());
            String mounted = sh(mount.toArray(String[]::new));
            assumeTrue(mounted.isEmpty(), "cannot mount here: " + mounted);
            try {
                Map<Path, String> before = Hashes.sha256(images);

                List<String> args = new ArrayList<>(List.of("tree-blocks", "--tree", "fs"));
                args.addAll(loops);
                Run run = Run.of(args);
                assertEquals(0, run.exit(), run.err());
                assertEquals(ArrayTruth.of(array).blocks(5).size(), run.out().lines().count());
                List<String> superArgs = new ArrayList<>(List.of("super"));
                superArgs.add(loops.get(0));
                assertEquals(0, Run.of(superArgs).exit());

                assertEquals(before, Hashes.sha256(images));
            } finally {
                sh("umount", mountPoint.toString());
            }
        } finally {
            for (String loop : loops) {
                sh("losetup", "-d", loop);
            }
        }
    }



    /** Runs a system command; returns its trimmed output (stdout and stderr). */
    private static String sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out: " + String.join(" ", command);
        }
        return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
    }
}

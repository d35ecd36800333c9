package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.DumpSuper;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

class CliTest {

    @TempDir
    Path scratch;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli("1.2.3").run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineError(Run run, int exit, String fragment) {
        assertEquals(exit, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), "one line on stderr: " + run.err());
        assertTrue(run.err().contains(fragment), run.err());
        assertTrue(run.err().startsWith("btrfs-workbench: "), run.err());
    }

    @Test
    void versionAndHelp() {
        assertEquals(new Run(0, "btrfs-workbench 1.2.3\n", ""), run("--version"));
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("super"), help.out());
        assertTrue(help.out().contains("exit codes: 0 ok, 1 the filesystem has errors, 2 usage"), help.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertOneLineError(run("frobnicate"), 2, "unknown command 'frobnicate'");
        assertOneLineError(run("super"), 2, "super needs at least one PATH");
    }

    @Test
    void superPrintsWhatBtrfsProgsPrints() {
        for (TestArray array : TestArrays.all()) {
            for (TestDevice device : array.devices()) {
                Run run = run("super", device.file().toString());
                assertEquals(0, run.exit(), run.err());
                DumpSuper truth = array.dumpSuper(device.index());
                assertField(run, "label", truth.text("label"));
                assertField(run, "fsid", truth.text("fsid"));
                assertField(run, "dev_uuid", truth.text("dev_item.uuid"));
                assertField(run, "generation", truth.text("generation"));
                assertField(run, "nodesize", truth.text("nodesize"));
                assertField(run, "total_bytes", truth.text("total_bytes") + " (");
                assertField(run, "devid", truth.text("dev_item.devid") + " (num_devices " + truth.text("num_devices") + ")");
            }
        }
    }

    private static void assertField(Run run, String key, String valueStart) {
        String line = run.out().lines().filter(l -> l.strip().startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in\n" + run.out()));
        assertTrue(line.substring(line.indexOf(key) + key.length()).strip().startsWith(valueStart),
                key + ": expected " + valueStart + " in '" + line + "'");
    }

    @Test
    void badInputIsOneLineWithTheRightExitCode() throws IOException {
        Path missing = scratch.resolve("missing.img");
        Path noise = Files.write(scratch.resolve("noise.img"), random(256 * 1024));
        Path tiny = Files.write(scratch.resolve("tiny.img"), new byte[100]);
        Path corrupt = Files.copy(TestArrays.all().get(0).unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);

        assertOneLineError(run("super", missing.toString()), 2, "no such file or device");
        assertOneLineError(run("super", noise.toString()), 2, "not btrfs: no btrfs magic");
        assertOneLineError(run("super", tiny.toString()), 2, "not btrfs");
        assertOneLineError(run("super", corrupt.toString()), 1, "bad superblock: checksum mismatch");
        assertOneLineError(run("super", scratch.toString()), 2, scratch.toString());
    }

    @Test
    void severalPathsReportEachAndTheWorstExitCode() throws IOException {
        Path good = TestArrays.all().get(0).compressedImages().get(0);
        Path corrupt = Files.copy(TestArrays.all().get(0).unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);

        Run run = run("super", good.toString(), corrupt.toString());

        assertEquals(1, run.exit());
        assertTrue(run.out().startsWith(good.toString()), run.out());
        assertTrue(run.err().contains("checksum mismatch"), run.err());
    }

    @Test
    void readingSuperblocksWritesNothing() throws IOException {
        List<Path> images = TestArrays.all().stream().flatMap(a -> a.compressedImages().stream()).toList();
        Map<Path, String> before = Hashes.sha256(images);

        for (Path image : images) {
            assertEquals(0, run("super", image.toString()).exit());
        }

        assertEquals(before, Hashes.sha256(images));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }
}

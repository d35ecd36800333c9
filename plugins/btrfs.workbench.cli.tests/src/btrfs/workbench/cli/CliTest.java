package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.testsupport.DumpSuper;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

class CliTest {

    @TempDir
    Path scratch;



    private static void assertOneLineError(Run run, int exit, String fragment) {
        assertEquals(exit, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), "one line on stderr: " + run.err());
        assertTrue(run.err().contains(fragment), run.err());
        assertTrue(run.err().startsWith("btrfs-workbench: "), run.err());
    }

    @Test
    void versionAndHelp() {
        assertEquals(new Run(0, "btrfs-workbench 1.2.3\n", ""), Run.of("--version"));
        Run help = Run.of("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("super"), help.out());
        assertTrue(help.out().contains("exit codes: 0 ok, 1 the filesystem has errors, 2 usage"), help.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertOneLineError(Run.of("frobnicate"), 2, "unknown command 'frobnicate'");
        assertOneLineError(Run.of("super"), 2, "super needs at least one PATH");
    }

    @Test
    void superPrintsWhatBtrfsProgsPrints() {
        for (TestArray array : TestArrays.all()) {
            for (TestDevice device : array.devices()) {
                Run run = Run.of("super", device.file().toString());
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
    void superJsonCarriesTheSuperblockAndEveryCopy() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (TestArray array : TestArrays.all()) {
            for (TestDevice device : array.devices()) {
                Run run = Run.of("super", "--json", device.file().toString());
                assertEquals(0, run.exit(), run.err());
                JsonNode json = mapper.readTree(run.out());
                DumpSuper truth = array.dumpSuper(device.index());
                assertEquals(truth.text("fsid"), json.get("fsid").asText());
                assertEquals(truth.u64("generation"), json.get("generation").asLong());
                assertEquals(truth.u64("root"), json.get("root").asLong());
                assertEquals(truth.u64("chunk_root"), json.get("chunk_root").asLong());
                assertEquals(truth.u64("nodesize"), json.get("nodesize").asLong());
                assertEquals(truth.u64("dev_item.devid"), json.get("devid").asLong());
                assertEquals(truth.flagNames("incompat_flags"), names(json.get("incompat_flags")));
                // Every image is over 64 MiB: the kernel keeps the first mirror copy current too.
                JsonNode copies = json.get("copies");
                assertEquals(2, copies.size(), run.out());
                for (JsonNode copy : copies) {
                    assertTrue(copy.get("valid").asBoolean(), copy.toString());
                    assertEquals(truth.u64("generation"), copy.get("generation").asLong());
                }
            }
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void aDamagedMirrorIsReportedAndTheGoodCopyStillShown() throws IOException {
        Path copy = Files.copy(TestArrays.all().get(0).unpackedImages().get(0), scratch.resolve("mirror-bad.img"));
        SuperblockEdits.breakChecksumAt(copy, SuperblockEdits.FIRST_MIRROR);

        Run run = Run.of("super", copy.toString());

        assertOneLineError(run, 1, "superblock copy at 67108864: checksum mismatch");
        assertTrue(run.out().contains("copy 65536"), run.out());
    }

    @Test
    void aDamagedPrimaryFallsBackToTheMirror() throws IOException {
        TestArray array = TestArrays.all().get(0);
        Path copy = Files.copy(array.unpackedImages().get(0), scratch.resolve("primary-bad.img"));
        SuperblockEdits.breakChecksum(copy);

        Run run = Run.of("super", copy.toString());

        assertOneLineError(run, 1, "superblock copy at 65536: checksum mismatch");
        assertField(run, "fsid", array.fsid().toString());
    }

    @Test
    void badInputIsOneLineWithTheRightExitCode() throws IOException {
        Path missing = scratch.resolve("missing.img");
        Path noise = Files.write(scratch.resolve("noise.img"), random(256 * 1024));
        Path tiny = Files.write(scratch.resolve("tiny.img"), new byte[100]);
        Path corrupt = Files.copy(TestArrays.all().get(0).unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);

        assertOneLineError(Run.of("super", missing.toString()), 2, "no such file or device");
        assertOneLineError(Run.of("super", noise.toString()), 2, "not btrfs: no btrfs magic");
        assertOneLineError(Run.of("super", tiny.toString()), 2, "not btrfs");
        try (FileChannel channel = FileChannel.open(corrupt, StandardOpenOption.WRITE)) {
            channel.truncate(1024 * 1024); // no mirror copy left to fall back to
        }
        assertOneLineError(Run.of("super", corrupt.toString()), 1, "bad superblock: checksum mismatch");
        assertOneLineError(Run.of("super", scratch.toString()), 2, scratch.toString());
    }

    @Test
    void severalPathsReportEachAndTheWorstExitCode() throws IOException {
        Path good = TestArrays.all().get(0).compressedImages().get(0);
        Path corrupt = Files.copy(TestArrays.all().get(0).unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);

        Run run = Run.of("super", good.toString(), corrupt.toString());

        assertEquals(1, run.exit());
        assertTrue(run.out().startsWith(good.toString()), run.out());
        assertTrue(run.err().contains("checksum mismatch"), run.err());
    }

    /**
     * Regression (progs-image sweep): a filesystem that cannot be opened from several devices was
     * reported as one line joining every device's problem with "; ". Now: the failure, then one
     * line per device.
     */
    @Test
    void anUnopenableFilesystemIsOneLinePerProblem() throws IOException {
        Path noise = Files.write(scratch.resolve("noise.img"), random(256 * 1024));
        Path tiny = Files.write(scratch.resolve("tiny.img"), new byte[100]);

        Run run = Run.of("chunks", noise.toString(), tiny.toString());

        assertEquals(2, run.exit(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(3, lines.size(), run.err());
        assertEquals("btrfs-workbench: no device holds a valid btrfs superblock", lines.get(0));
        assertTrue(lines.get(1).startsWith("btrfs-workbench: device (" + noise + "): UNUSABLE: "), lines.get(1));
        assertTrue(lines.get(2).startsWith("btrfs-workbench: device (" + tiny + "): UNUSABLE: "), lines.get(2));
    }

    @Test
    void readingSuperblocksWritesNothing() throws IOException {
        List<Path> images = TestArrays.all().stream().flatMap(a -> a.compressedImages().stream()).toList();
        Map<Path, String> before = Hashes.sha256(images);

        for (Path image : images) {
            assertEquals(0, Run.of("super", image.toString()).exit());
        }

        assertEquals(before, Hashes.sha256(images));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }
}

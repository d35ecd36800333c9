package btrfs.workbench.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.metadata.ChecksumType;
import btrfs.workbench.testsupport.DumpSuper;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/** The scanner against the committed kernel-written arrays, compared with btrfs-progs' dump-super. */
class ImageScannerTest {

    @TempDir
    Path scratch;

    private final ImageScanner scanner = new ImageScanner(TestArrays.cacheDir());

    private ScanResult scan(Path... paths) {
        return scanner.scan(List.of(paths), ScanMonitor.NONE);
    }

    private static BtrfsArray only(ScanResult result) {
        assertEquals(1, result.arrays().size(), () -> "arrays: " + result.arrays());
        return result.arrays().get(0);
    }

    @Test
    void findsEveryCommittedArrayAsBtrfsProgsSeesIt() {
        List<TestArray> expected = TestArrays.all();

        ScanResult result = scan(TestArrays.arraysDir());

        assertEquals(List.of(), result.unreadable());
        assertEquals(expected.size(), result.arrays().size());
        for (TestArray truth : expected) {
            BtrfsArray array = result.arrays().stream().filter(a -> a.fsid().equals(truth.fsid())).findFirst()
                    .orElseThrow(() -> new AssertionError("not found: " + truth));
            assertMatches(truth, array);
        }
    }

    private static void assertMatches(TestArray truth, BtrfsArray array) {
        DumpSuper sb = truth.dumpSuper(1);
        assertEquals(sb.text("label"), array.label(), truth.name());
        assertEquals(sb.text("metadata_uuid"), array.metadataUuid().toString(), truth.name());
        assertEquals(sb.u64("num_devices"), array.numDevices(), truth.name());
        assertEquals(truth.numDevices(), array.presentDevices(), truth.name());
        assertEquals(sb.u64("nodesize"), array.nodesize(), truth.name());
        assertEquals(sb.u64("sectorsize"), array.sectorsize(), truth.name());
        int csumId = Integer.parseInt(sb.text("csum_type").split(" ")[0]);
        assertEquals(ChecksumType.fromId(csumId).orElseThrow().displayName(), array.csumType(), truth.name());
        assertEquals(List.of(), array.warnings(), truth.name());
        for (TestDevice device : truth.devices()) {
            ArrayDevice found = array.devices().get(device.index() - 1);
            DumpSuper devSb = truth.dumpSuper(device.index());
            assertEquals(device.devid(), found.devid(), truth.name());
            assertEquals(device.uuid(), found.uuid(), truth.name());
            assertEquals(device.size(), found.size(), truth.name());
            assertEquals(devSb.u64("generation"), found.generation(), truth.name());
            assertEquals(devSb.u64("dev_item.bytes_used"), found.bytesUsed(), truth.name());
            assertEquals(device.file(), found.path(), truth.name());
        }
    }

    @Test
    void neverWritesToTheImages() throws IOException {
        List<Path> images = new ArrayList<>();
        for (TestArray array : TestArrays.all()) {
            images.addAll(array.compressedImages());
            images.addAll(array.unpackedImages());
        }
        Map<Path, String> before = Hashes.sha256(images);

        scan(TestArrays.arraysDir());
        scan(images.toArray(Path[]::new));

        assertEquals(before, Hashes.sha256(images));
    }

    @Test
    void unpackedImagesAreTheImagesTheKernelWrote() throws IOException {
        for (TestArray array : TestArrays.all()) {
            List<Path> unpacked = array.unpackedImages();
            for (TestDevice device : array.devices()) {
                assertEquals(device.sha256(), Hashes.sha256(unpacked.get(device.index() - 1)), device.file().toString());
            }
        }
    }

    @Test
    void aMissingDeviceIsCountedNotInvented() {
        TestArray multi = TestArrays.all().stream().filter(a -> a.numDevices() >= 3).findFirst().orElseThrow();

        BtrfsArray array = only(scan(multi.compressedImages().get(0)));

        assertEquals(1, array.presentDevices());
        assertEquals(multi.numDevices(), array.numDevices());
        assertFalse(array.complete());
    }

    @Test
    void aStaleCopyLosesToTheNewerDeviceWithAWarning() throws IOException {
        TestArray single = singleDevice();
        Path original = single.unpackedImages().get(0);
        Path newer = Files.copy(original, scratch.resolve("newer.img"));
        long generation = Long.parseLong(single.dumpSuper(1).text("generation"));
        SuperblockEdits.setGeneration(newer, generation + 1);

        BtrfsArray array = only(scan(original, newer));

        assertEquals(1, array.presentDevices());
        assertEquals(newer, array.devices().get(0).path());
        assertEquals(generation + 1, array.generation());
        assertEquals(1, array.warnings().size());
        assertTrue(array.warnings().get(0).contains("ignoring stale " + original), array.warnings().toString());
    }

    @Test
    void twoIdenticalCopiesAreNamedAsSuch() throws IOException {
        Path original = singleDevice().unpackedImages().get(0);
        Path copy = Files.copy(original, scratch.resolve("copy.img"));

        BtrfsArray array = only(scan(original, copy));

        assertEquals(1, array.presentDevices());
        assertTrue(array.warnings().get(0).contains("copies of the same device"), array.warnings().toString());
    }

    @Test
    void devicesThatDisagreeOnGenerationAreFlagged() throws IOException {
        TestArray multi = TestArrays.all().stream().filter(a -> a.numDevices() >= 2).findFirst().orElseThrow();
        List<Path> copies = new ArrayList<>();
        for (Path image : multi.unpackedImages()) {
            copies.add(Files.copy(image, scratch.resolve(image.getFileName())));
        }
        long generation = Long.parseLong(multi.dumpSuper(1).text("generation"));
        SuperblockEdits.setGeneration(copies.get(1), generation - 1);

        BtrfsArray array = only(scan(copies.toArray(Path[]::new)));

        assertEquals(multi.numDevices(), array.presentDevices());
        assertTrue(array.warnings().stream().anyMatch(w -> w.startsWith("devices disagree on generation")),
                array.warnings().toString());
    }

    @Test
    void badInputIsReportedWithAReason() throws IOException {
        Path corrupt = Files.copy(singleDevice().unpackedImages().get(0), scratch.resolve("corrupt.img"));
        SuperblockEdits.breakChecksum(corrupt);
        Path noise = Files.write(scratch.resolve("noise.img"), randomBytes(256 * 1024));
        Path tiny = Files.write(scratch.resolve("tiny.img"), new byte[1000]);
        Path missing = scratch.resolve("missing.img");

        ScanResult result = scan(corrupt, noise, tiny, missing);

        assertEquals(List.of(), result.arrays());
        assertEquals(4, result.unreadable().size(), result.unreadable().toString());
        assertTrue(reason(result, corrupt).startsWith("checksum mismatch"), reason(result, corrupt));
        assertTrue(reason(result, noise).contains("no btrfs magic"), reason(result, noise));
        assertFalse(reason(result, tiny).isBlank());
        assertEquals("no such file or device", reason(result, missing));
    }

    @Test
    void filesInADirectoryThatAreNotBtrfsArePassedOver() throws IOException {
        Files.write(scratch.resolve("noise.img"), randomBytes(256 * 1024));
        Files.writeString(scratch.resolve("notes.txt"), "not an image");
        Files.copy(singleDevice().unpackedImages().get(0), scratch.resolve("dev1.img"));

        ScanResult result = scan(scratch);

        assertEquals(List.of(), result.unreadable());
        assertEquals(singleDevice().fsid(), only(result).fsid());
    }

    private static String reason(ScanResult result, Path path) {
        return result.unreadable().stream().filter(u -> u.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + path)).reason();
    }

    private static TestArray singleDevice() {
        return TestArrays.all().stream().filter(a -> a.numDevices() == 1).findFirst().orElseThrow();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}

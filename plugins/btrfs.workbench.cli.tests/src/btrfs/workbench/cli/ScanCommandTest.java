package btrfs.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.testsupport.LoopDevices;
import btrfs.workbench.testsupport.SuperblockEdits;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/** The {@code scan} CLI contract: grouping, missing and stale devices, the machine's own devices. */
class ScanCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FS_FIELDS = List.of("fsid", "metadata_uuid", "label", "generation", "nodesize",
            "sectorsize", "csum_type", "num_devices", "mounted", "mountpoints", "devices", "missing_devids",
            "warnings");
    private static final List<String> DEVICE_FIELDS = List.of("devid", "path", "uuid", "size", "bytes_used",
            "generation", "present", "rotational", "model", "backing_file");

    @TempDir
    Path scratch;

    private static JsonNode json(Run run) throws IOException {
        return MAPPER.readTree(run.out());
    }

    private static Map<String, JsonNode> byFsid(JsonNode out) {
        Map<String, JsonNode> map = new HashMap<>();
        out.get("filesystems").forEach(fs -> map.put(fs.get("fsid").asText(), fs));
        return map;
    }

    /** Every committed image linked into one directory under meaningless, shuffled names. */
    private Path shuffledImages(TestDevice... leaveOut) throws IOException {
        Path dir = Files.createDirectory(scratch.resolve("images"));
        List<TestDevice> all = new ArrayList<>();
        TestArrays.all().forEach(a -> all.addAll(a.devices()));
        all.removeAll(List.of(leaveOut));
        Collections.shuffle(all, new Random(7));
        for (int i = 0; i < all.size(); i++) {
            Files.createSymbolicLink(dir.resolve("disk-" + i + ".img.zst"), all.get(i).file());
        }
        return dir;
    }

    @Test
    void aDirectoryOfShuffledImagesIsGroupedExactly() throws IOException {
        Run run = Run.of("scan", "--json", shuffledImages().toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode out = json(run);
        assertEquals(List.of("filesystems", "unreadable"), ReadaheadCommandTest.fields(out));
        assertEquals(0, out.get("unreadable").size());
        Map<String, JsonNode> found = byFsid(out);
        assertEquals(TestArrays.all().size(), found.size());
        for (TestArray array : TestArrays.all()) {
            JsonNode fs = found.get(array.fsid().toString());
            assertEquals(FS_FIELDS, ReadaheadCommandTest.fields(fs), array.name());
            assertEquals(array.numDevices(), fs.get("num_devices").asInt(), array.name());
            assertEquals(array.numDevices(), fs.get("devices").size(), array.name());
            assertEquals(0, fs.get("missing_devids").size(), array.name());
            assertEquals(array.label(), fs.get("label").asText());
            assertFalse(fs.get("mounted").asBoolean());
            for (TestDevice device : array.devices()) {
                JsonNode d = deviceWithUuid(fs, device.uuid().toString());
                assertEquals(DEVICE_FIELDS, ReadaheadCommandTest.fields(d));
                assertEquals(device.devid(), d.get("devid").asLong(), array.name());
                assertEquals(device.size(), d.get("size").asLong(), array.name());
                assertTrue(d.get("present").asBoolean());
                assertTrue(d.get("path").asText().startsWith(scratch.toString()), d.toString());
            }
        }
    }

    private static JsonNode deviceWithUuid(JsonNode fs, String uuid) {
        for (JsonNode d : fs.get("devices")) {
            if (d.get("uuid").asText().equals(uuid)) {
                return d;
            }
        }
        throw new AssertionError("no device " + uuid + " in " + fs);
    }

    @Test
    void anImageLeftOutIsAMissingDevid() throws IOException {
        TestArray raid1 = TestArrays.named("raid1-blake2-16k");
        TestDevice absent = raid1.devices().get(1);
        Run run = Run.of("scan", "--json", shuffledImages(absent).toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode fs = byFsid(json(run)).get(raid1.fsid().toString());
        assertEquals(raid1.numDevices() - 1, fs.get("devices").size());
        assertEquals(List.of(absent.devid()), longs(fs.get("missing_devids")));
    }

    @Test
    void aStaleCopyIsResolvedToTheNewerDeviceWithAWarning() throws IOException {
        TestArray array = TestArrays.named("single-crc32c-16k");
        Path current = array.unpackedImages().get(0);
        Path stale = Files.copy(current, scratch.resolve("old-copy.img"));
        long generation = array.dumpSuper(1).u64("generation");
        SuperblockEdits.setGeneration(stale, generation - 5);
        Run run = Run.of("scan", "--json", stale.toString(), current.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode fs = byFsid(json(run)).get(array.fsid().toString());
        assertEquals(1, fs.get("devices").size());
        assertEquals(current.toString(), fs.get("devices").get(0).get("path").asText());
        assertEquals(generation, fs.get("generation").asLong());
        String warnings = fs.get("warnings").toString();
        assertTrue(warnings.contains("ignoring stale " + stale) && warnings.contains("generation " + (generation - 5)),
                warnings);
    }

    @Test
    void theHumanFormResemblesFilesystemShow() {
        TestArray array = TestArrays.named("raid10-xxhash-16k");
        Run run = Run.of("scan", array.dir().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Label: '" + array.label() + "'  uuid: " + array.fsid()), run.out());
        assertTrue(run.out().contains("Total devices 4"), run.out());
        assertTrue(run.out().contains("devid    1 size "), run.out());
    }

    @Test
    void aNamedPathThatIsNotBtrfsIsExitTwoWithTheReason() throws IOException {
        Path text = Files.writeString(scratch.resolve("notes.txt"), "not a filesystem\n".repeat(10000));
        Run run = Run.of("scan", "--json", text.toString(), scratch.resolve("absent.img").toString());
        assertEquals(2, run.exit());
        JsonNode unreadable = json(run).get("unreadable");
        assertEquals(2, unreadable.size(), unreadable.toString());
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("btrfs-workbench: ")), run.err());
    }

    /** Without paths: this machine's block devices; whatever is there, the answer is well formed. */
    @Test
    void theMachineScanAnswersInTheContractShape() throws IOException {
        Run run = Run.of("scan", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode out = json(run);
        out.get("filesystems").forEach(fs -> assertEquals(FS_FIELDS, ReadaheadCommandTest.fields(fs)));
        out.get("unreadable").forEach(u -> assertEquals(List.of("path", "reason"), ReadaheadCommandTest.fields(u)));
    }

    /**
     * As root: test arrays attached to loop devices (read-only) are found by the machine scan with
     * backing file, size and rotational, and a mounted one with its mount point.
     */
    @Test
    void loopDevicesOfTheTestArraysAreFoundWithBackingFileAndMountPoint() throws IOException {
        TestArray raid1 = TestArrays.named("raid1-blake2-16k");
        TestArray single = TestArrays.named("single-crc32c-16k");
        try (LoopDevices system = LoopDevices.forRootTest()) {
            List<Path> images = new ArrayList<>();
            List<Path> raid1Loops = new ArrayList<>();
            for (Path image : raid1.unpackedImages()) {
                images.add(Files.copy(image, scratch.resolve("raid1-" + image.getFileName())));
                raid1Loops.add(system.attach(images.getLast(), true));
            }
            Path singleImage = Files.copy(single.unpackedImages().get(0), scratch.resolve("single.img"));
            Path singleLoop = system.attach(singleImage, true);
            Path mountPoint = Files.createDirectory(scratch.resolve("mnt"));
            system.mountBtrfs(List.of(singleLoop), mountPoint, "ro,norecovery");

            Run run = Run.of("scan", "--json");
            assertEquals(0, run.exit(), run.err());
            Map<String, JsonNode> found = byFsid(json(run));
            JsonNode fs = found.get(raid1.fsid().toString());
            assertTrue(fs != null, "raid1 array on loop devices found: " + run.out());
            assertEquals(raid1.numDevices(), fs.get("devices").size());
            assertFalse(fs.get("mounted").asBoolean());
            for (JsonNode d : fs.get("devices")) {
                int index = raid1Loops.indexOf(Path.of(d.get("path").asText()));
                assertTrue(index >= 0, d.toString());
                assertEquals(images.get(index).toRealPath().toString(), d.get("backing_file").asText());
                assertEquals(Files.size(images.get(index)), d.get("size").asLong());
                assertTrue(d.get("rotational").isBoolean(), d.toString());
            }
            JsonNode mounted = found.get(single.fsid().toString());
            assertTrue(mounted.get("mounted").asBoolean(), mounted.toString());
            assertEquals(List.of(mountPoint.toString()), texts(mounted.get("mountpoints")));
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package btrfs.workbench.discovery.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /sys/fs/btrfs of a made-up machine with four mounted filesystems, laid out as a 6.x kernel does. */
class SysfsBtrfsTest {

    private static final UUID SINGLE = UUID.fromString("3c5cff7f-c20d-4366-9901-e6bc6d459cfd");
    private static final UUID MIRROR = UUID.fromString("0a6b5e7e-1111-4222-8333-444455556666");
    private static final UUID DEGRADED = UUID.fromString("B7F5B7F5-0000-4000-8000-000000000004");
    private static final UUID ODD = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void makeUpMountedFilesystems() throws IOException {
        root = tmp.resolve("sys/fs/btrfs");
        for (String feature : List.of("acl", "free_space_tree", "raid1c34")) {
            FakeSys.write(root.resolve("features").resolve(feature), "0\n");
        }
        filesystem(SINGLE.toString(), "my label", List.of("loop3"), Map.of(1L, false),
                List.of("no_holes", "free_space_tree"));
        filesystem(MIRROR.toString(), "", List.of("sdc", "sdb"), Map.of(1L, false, 2L, false), List.of());
        // devid 2 missing, mounted degraded; the directory name as the kernel writes it, lower case
        filesystem(DEGRADED.toString().toLowerCase(), "data", List.of("sdd"), Map.of(1L, false, 2L, true), List.of());
        Path odd = root.resolve(ODD.toString());
        Files.createDirectories(odd.resolve("label")); // unreadable label
        Files.createDirectories(root.resolve("not-a-fsid/devices"));
    }

    private void filesystem(String fsid, String label, List<String> devices, Map<Long, Boolean> devinfo,
            List<String> features) throws IOException {
        Path dir = root.resolve(fsid);
        FakeSys.write(dir.resolve("label"), label + "\n");
        Files.createDirectories(dir.resolve("devices"));
        for (String device : devices) {
            Files.createSymbolicLink(dir.resolve("devices").resolve(device),
                    Path.of("../../../../devices/virtual/block").resolve(device));
        }
        devinfo.forEach((devid, missing) -> FakeSys.write(dir.resolve("devinfo/" + devid + "/missing"),
                (missing ? 1 : 0) + "\n"));
        for (String feature : features) {
            FakeSys.write(dir.resolve("features").resolve(feature), "0\n");
        }
    }

    private SysfsFilesystem find(UUID fsid) {
        return SysfsBtrfs.list(root).stream().filter(f -> f.fsid().equals(fsid)).findFirst()
                .orElseThrow(() -> new AssertionError(fsid + " not in " + SysfsBtrfs.list(root)));
    }

    @Test
    void listsEveryFilesystemDirectoryAndNothingElse() {
        assertEquals(Set.of(SINGLE, MIRROR, DEGRADED, ODD),
                Set.copyOf(SysfsBtrfs.list(root).stream().map(SysfsFilesystem::fsid).toList()));
    }

    @Test
    void aSingleDeviceFilesystemMapsItsDevid() {
        assertEquals(new SysfsFilesystem(SINGLE, "my label", List.of("loop3"), Set.of("free_space_tree", "no_holes"),
                Map.of(1L, "loop3")), find(SINGLE));
    }

    @Test
    void twoPresentDevicesCannotBeToldApartBySysfs() {
        SysfsFilesystem mirror = find(MIRROR);

        assertEquals(List.of("sdb", "sdc"), mirror.deviceNames());
        assertEquals("", mirror.label());
        assertEquals(Map.of(), mirror.devidToName());
    }

    @Test
    void theOnlyPresentDeviceOfADegradedFilesystemHasTheOnlyPresentDevid() {
        assertEquals(Map.of(1L, "sdd"), find(DEGRADED).devidToName());
    }

    @Test
    void unreadablePartsAreUnknownOrEmpty() {
        SysfsFilesystem odd = find(ODD);

        assertNull(odd.label());
        assertEquals(List.of(), odd.deviceNames());
        assertEquals(Set.of(), odd.features());
        assertEquals(Map.of(), odd.devidToName());
    }

    @Test
    void noBtrfsModuleMeansNoFilesystems() {
        assertEquals(List.of(), SysfsBtrfs.list(tmp.resolve("absent")));
    }

    @Test
    void thisMachineListsWithoutError() {
        SysfsBtrfs.list().forEach(f -> System.out.println("mounted btrfs: " + f));
    }
}

package btrfs.workbench.discovery.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing /proc/self/mountinfo as the kernel writes it, and finding the mounts of a device. */
class MountTableTest {

    /**
     * Written as a 6.x kernel writes it: zero, one and two optional fields, octal escapes for
     * blank ({@code \040}), tab ({@code \011}), newline ({@code \012}) and backslash ({@code \134}) in
     * paths, a comma escaped inside a btrfs option, and lines that are not mounts.
     */
    private static final String SAMPLE = """
            22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,errors=remount-ro
            43 27 0:39 /home /mnt/my\\040disk ro,relatime shared:7 master:3 - btrfs /dev/loop0 rw,space_cache=v2,subvolid=257,subvol=/home
            44 27 0:40 / /mnt/tab\\011and\\134back rw - tmpfs none rw,size=4k
            45 27 0:41 /a,b /mnt/new\\012line rw,noatime shared:9 - btrfs /dev/mapper/crypt\\040disk rw,subvolid=5,subvol=/a\\054b
            not a mount line at all
            46 27 x:y / /bad rw - ext4 /dev/sda1 rw
            47 27 0:42 / /truncated rw - ext4

            """;

    @TempDir
    Path tmp;

    @Test
    void parsesEveryMountLineAndSkipsTheRest() {
        List<Mount> mounts = MountTable.parse(SAMPLE).mounts();

        assertEquals(List.of("/proc", "/", "/mnt/my disk", "/mnt/tab\tand\\back", "/mnt/new\nline"),
                mounts.stream().map(m -> m.mountPoint().toString()).toList());
        assertEquals(new Mount(254, 0, "/", Path.of("/"), "ext4", "/dev/vda", "rw,relatime,discard,errors=remount-ro"),
                mounts.get(1));
        assertEquals(new Mount(0, 21, "/", Path.of("/proc"), "proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
                mounts.get(0));
    }

    @Test
    void optionalFieldsAreSkippedAndEscapesDecoded() {
        List<Mount> mounts = MountTable.parse(SAMPLE).mounts();

        Mount home = mounts.get(2);
        assertEquals(new Mount(0, 39, "/home", Path.of("/mnt/my disk"), "btrfs", "/dev/loop0",
                "ro,relatime,space_cache=v2,subvolid=257,subvol=/home"), home);
        Mount crypt = mounts.get(4);
        assertEquals("btrfs", crypt.fsType());
        assertEquals("/dev/mapper/crypt disk", crypt.source());
        assertEquals("/a,b", crypt.root());
        assertEquals("none", mounts.get(3).source());
    }

    @Test
    void readOnlyWhenTheMountOrTheFilesystemIs() {
        List<Mount> mounts = MountTable.parse(SAMPLE).mounts();

        assertTrue(mounts.get(2).readOnly(), "mount ro over a rw filesystem");
        assertFalse(mounts.get(1).readOnly());
        assertEquals("ro,noatime,space_cache=v2", MountTable.options("rw,noatime", "ro,space_cache=v2"));
        assertEquals("", MountTable.options("", ""));
    }

    @Test
    void optionValuesAreDecoded() {
        List<Mount> mounts = MountTable.parse(SAMPLE).mounts();

        assertEquals("/home", mounts.get(2).option("subvol"));
        assertEquals("257", mounts.get(2).option("subvolid"));
        assertEquals("/a,b", mounts.get(4).option("subvol"), "\\054 is a comma inside the value");
        assertEquals("", mounts.get(1).option("discard"));
        assertNull(mounts.get(1).option("subvol"));
    }

    @Test
    void unescapeLeavesWhatIsNotAnEscapeAlone() {
        assertEquals("a\\b\\12\\", MountTable.unescape("a\\b\\12\\"));
        assertEquals("a b\\", MountTable.unescape("a\\040b\\134"));
    }

    @Test
    void mountsOfADeviceByTheirDeviceNumber() {
        MountTable table = MountTable.parse(SAMPLE, tmp.resolve("no-sys"));

        assertEquals(List.of(Path.of("/")), table.of(254, 0).stream().map(Mount::mountPoint).toList());
        assertEquals(List.of(Path.of("/mnt/my disk")), table.of(0, 39).stream().map(Mount::mountPoint).toList());
        assertEquals(List.of(), table.of(8, 1));
    }

    /**
     * btrfs shows an anonymous 0:N and one member as source: every member of the filesystem is
     * found through its source and /sys/fs/btrfs/FSID/devices.
     */
    @Test
    void everyMemberOfAMountedBtrfsIsFoundThroughSysfs() {
        FakeSys sys = new FakeSys(tmp.resolve("sys"));
        Path loop0 = sys.loop(0, "/images/a.img", false);
        Path loop1 = sys.loop(1, "/images/b.img", false);
        sys.loop(2, "/images/other.img", false);
        Path devices = tmp.resolve("sys/fs/btrfs/5b2d3c1e-0000-4000-8000-000000000001/devices");
        FakeSys.write(devices.getParent().resolve("label"), "\n");
        link(devices.resolve("loop0"), loop0);
        link(devices.resolve("loop1"), loop1);

        MountTable table = MountTable.parse(SAMPLE, sys.root);

        assertEquals(List.of(Path.of("/mnt/my disk")), table.of(7, 0).stream().map(Mount::mountPoint).toList());
        assertEquals(List.of(Path.of("/mnt/my disk")), table.of(7, 1).stream().map(Mount::mountPoint).toList());
        assertEquals(List.of(), table.of(7, 2), "another loop device, not a member");
    }

    private static void link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sourcesOutsideDevAreNoDevice() {
        assertNull(MountTable.deviceName("proc"));
        assertNull(MountTable.deviceName("/dev/"));
        assertEquals("cciss!c0d0", MountTable.deviceName("/dev/cciss/c0d0"));
    }

    @Test
    void nothingToParseIsAnEmptyTable() {
        assertEquals(List.of(), MountTable.parse("").mounts());
    }

    @Test
    void thisMachineHasARootMountThatIsFoundByItsDevice() {
        MountTable table = MountTable.read();
        Mount root = table.mounts().stream().filter(m -> m.mountPoint().equals(Path.of("/"))).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no / in " + table.mounts()));

        assertTrue(table.of(root.major(), root.minor()).contains(root));
    }
}

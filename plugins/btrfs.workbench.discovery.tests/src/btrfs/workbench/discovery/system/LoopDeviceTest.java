package btrfs.workbench.discovery.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import btrfs.workbench.testsupport.LoopDevices;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * The package against real loop devices this test attaches read-only to sparse files it creates,
 * and always detaches. Needs root and losetup (and mkfs.btrfs, mount for the btrfs parts); skips
 * cleanly without them. Only the image files are ever written, never a device.
 */
class LoopDeviceTest {

    private static final long SIZE = 200L << 20;

    private Path dir;
    private LoopDevices loops;

    @BeforeEach
    void needsRootAndLosetup() throws IOException {
        loops = LoopDevices.forRootTest();
        String work = System.getProperty("btrfs.workbench.work");
        Path base = work != null && !work.isBlank() ? Path.of(work) : Path.of(System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(Files.createDirectories(base), "loop-devices-").toRealPath();
    }

    @AfterEach
    void detachAndDelete() throws IOException {
        if (loops != null) {
            loops.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void anAttachedLoopDeviceIsListedWithItsBackingFile() throws IOException {
        Path image = sparseImage("plain.img");
        String name = attach(image);

        BlockDevice loop = BlockDevices.list(true).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + BlockDevices.list(true)));

        assertEquals(image.toRealPath(), loop.backingFile());
        assertEquals(SIZE, loop.size());
        assertEquals(7, loop.major());
        assertEquals(Path.of("/dev", name), loop.node());
        assertTrue(loop.readOnly(), "attached with -r");
        assertFalse(loop.partition());
    }

    @Test
    void aMountedBtrfsIsFoundByItsDeviceAndInSysfs() throws IOException {
        Path image = sparseImage("btrfs.img");
        assumeTrue(SystemCommands.run("mkfs.btrfs", "-q", "-L", "sysdev test", image.toString()).ok(), "needs mkfs.btrfs");
        UUID fsid = UUID.fromString(SystemCommands.run("blkid", "-s", "UUID", "-o", "value", image.toString()).output());
        String name = attach(image);
        BlockDevice loop = device(name);
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        loops.mountBtrfs(List.of(Path.of("/dev", name)), mountPoint, "ro");
        try {
            List<Mount> mounts = MountTable.read().of(loop.major(), loop.minor());
            assertEquals(List.of(mountPoint), mounts.stream().map(Mount::mountPoint).toList(), mounts::toString);
            Mount mount = mounts.get(0);
            assertEquals("btrfs", mount.fsType());
            assertEquals("/dev/" + name, mount.source());
            assertTrue(mount.readOnly());
            assertEquals("/", mount.option("subvol"));

            SysfsFilesystem registered = SysfsBtrfs.list().stream().filter(f -> f.fsid().equals(fsid)).findFirst()
                    .orElseThrow(() -> new AssertionError(fsid + " not in " + SysfsBtrfs.list()));
            assertEquals("sysdev test", registered.label());
            assertEquals(List.of(name), registered.deviceNames());
            assertEquals(Map.of(1L, name), registered.devidToName());
            assertFalse(registered.features().isEmpty());
        } finally {
            unmount(mountPoint);
        }
    }

    @Test
    void everyMemberOfAMountedTwoDeviceBtrfsIsInUse() throws IOException {
        Path a = sparseImage("a.img");
        Path b = sparseImage("b.img");
        assumeTrue(SystemCommands.run("mkfs.btrfs", "-q", "-d", "raid1", "-m", "raid1", a.toString(), b.toString()).ok(),
                "needs mkfs.btrfs");
        String first = attach(a);
        String second = attach(b);
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        loops.mountBtrfs(List.of(Path.of("/dev", first), Path.of("/dev", second)), mountPoint, "ro");
        try {
            MountTable table = MountTable.read();
            for (String member : List.of(first, second)) {
                BlockDevice device = device(member);
                assertEquals(List.of(mountPoint),
                        table.of(device.major(), device.minor()).stream().map(Mount::mountPoint).toList(), member);
            }
            UUID fsid = UUID.fromString(SystemCommands.run("blkid", "-s", "UUID", "-o", "value", a.toString()).output());
            SysfsFilesystem registered = SysfsBtrfs.list().stream().filter(f -> f.fsid().equals(fsid)).findFirst()
                    .orElseThrow();
            assertEquals(List.of(first, second).stream().sorted().toList(), registered.deviceNames());
            assertEquals(Map.of(), registered.devidToName(), "sysfs cannot tell which is devid 1");
        } finally {
            unmount(mountPoint);
        }
    }

    private Path sparseImage(String name) throws IOException {
        Path image = dir.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(SIZE);
        }
        return image;
    }

    /** {@code losetup --find --show -r}: read-only; returns the kernel name, e.g. {@code loop3}. */
    private String attach(Path image) {
        return loops.attach(image, true).getFileName().toString();
    }

    private static BlockDevice device(String name) {
        return BlockDevices.list(true).stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed"));
    }

    /** Before the image goes: a failed umount is still undone (lazily) when the loops close. */
    private void unmount(Path mountPoint) {
        assertTrue(loops.unmount(mountPoint), "umount " + mountPoint);
    }
}

package btrfs.workbench.discovery.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block device list on a made-up sysfs, with and without OSHI, and on this machine. */
class BlockDevicesTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    private FakeSys sys;

    /**
     * A SATA SSD with two partitions, an NVMe disk with one, an attached loop device and an empty
     * slot, a device-mapper device, a virtio disk, zram: what a workstation shows.
     */
    @BeforeEach
    void makeUpAMachine() {
        sys = new FakeSys(tmp.resolve("sys"));
        Path sda = sys.disk("pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0", "sda", "8:0", 2 * GIB / 512, 0);
        FakeSys.write(sda.resolve("device/model"), "FAKE SSD        \n");
        sys.partition(sda, "sda1", "8:1", GIB / 512);
        sys.partition(sda, "sda2", "8:2", GIB / 512 - 2048);
        Path nvme = sys.disk("pci0000:00/0000:00:1d.0/nvme/nvme0", "nvme0n1", "259:0", 4 * GIB / 512, 0);
        FakeSys.write(nvme.resolve("device/model"), "Fake NVMe 4GB\n");
        FakeSys.write(nvme.resolve("device/serial"), "  NV123  \n");
        sys.partition(nvme, "nvme0n1p1", "259:1", GIB / 512);
        sys.loop(0, "/images/a b.img", true);
        sys.loop(1, null, false);
        sys.loop(10, "/images/ten.img (deleted)", false);
        Path dm = sys.disk("virtual", "dm-0", "252:0", GIB / 512, 0);
        FakeSys.write(dm.resolve("dm/uuid"), "CRYPT-LUKS2-0123-data\n");
        Path vda = sys.disk("pci0000:00/0000:00:02.0/virtio1", "vda", "254:0", 16 * GIB / 512, 1);
        FakeSys.write(vda.resolve("serial"), "overlayblk");
        sys.disk("virtual", "zram0", "253:0", 0, 0);
    }

    private Map<String, BlockDevice> list(Supplier<List<OshiDisks.Disk>> oshi) {
        List<BlockDevice> devices = BlockDevices.listing(sys.classBlock(), oshi).devices();
        return devices.stream().collect(Collectors.toMap(BlockDevice::name, Function.identity(), (a, b) -> {
            throw new AssertionError("listed twice: " + a + " " + b);
        }, LinkedHashMap::new));
    }

    @Test
    void sysfsAloneGivesEveryDeviceWhenOshiCannotLoad() {
        BlockDevices.Listing listing = BlockDevices.listing(sys.classBlock(), () -> {
            throw new UnsatisfiedLinkError("libudev.so.1: cannot open shared object file");
        });

        assertInstanceOf(UnsatisfiedLinkError.class, listing.oshiFailure());
        assertEquals(List.of("dm-0", "loop0", "loop10", "nvme0n1", "nvme0n1p1", "sda", "sda1", "sda2", "vda"),
                listing.devices().stream().map(BlockDevice::name).toList(),
                "disks before their partitions, loop2 before loop10, no zram, no empty loop slot");
        Map<String, BlockDevice> byName = list(() -> {
            throw new NoClassDefFoundError("oshi/SystemInfo");
        });
        assertEquals(new BlockDevice("sda1", Path.of("/dev/sda1"), 8, 1, GIB, true, "sda", false, "FAKE SSD", null,
                null, false), byName.get("sda1"));
        assertEquals(new BlockDevice("sda", Path.of("/dev/sda"), 8, 0, 2 * GIB, false, null, false, "FAKE SSD", null,
                null, false), byName.get("sda"));
        assertEquals(new BlockDevice("nvme0n1p1", Path.of("/dev/nvme0n1p1"), 259, 1, GIB, true, "nvme0n1", false,
                "Fake NVMe 4GB", "NV123", null, false), byName.get("nvme0n1p1"));
        assertEquals(new BlockDevice("loop0", Path.of("/dev/loop0"), 7, 0, 2048 * 512, false, null, true, null, null,
                Path.of("/images/a b.img"), true), byName.get("loop0"));
        assertEquals(Path.of("/images/ten.img (deleted)"), byName.get("loop10").backingFile());
        assertEquals("CRYPT-LUKS2-0123-data", byName.get("dm-0").serial());
        assertEquals("overlayblk", byName.get("vda").serial());
        assertEquals(true, byName.get("vda").rotational());
    }

    @Test
    void oshiGivesModelAndSerialOfDisksAndTheirPartitions() {
        OshiDisks.Disk sda = new OshiDisks.Disk("sda", "Samsung SSD 870 EVO 2TB", "S6PNNS0T123456", 2 * GIB,
                List.of(new OshiDisks.Part("sda1", GIB, 8, 1), new OshiDisks.Part("sda2", GIB - 2048 * 512, 8, 2)));
        // OSHI's device-mapper entry: itself as its own partition
        OshiDisks.Disk dm = new OshiDisks.Disk("dm-0", null, "CRYPT-LUKS2-0123-data", GIB,
                List.of(new OshiDisks.Part("dm-0", GIB, 252, 0)));
        // a disk sysfs did not show (a container hiding parts of /sys)
        OshiDisks.Disk sdb = new OshiDisks.Disk("sdb", "Other Disk", null, 3 * GIB,
                List.of(new OshiDisks.Part("sdb1", GIB, 8, 17)));

        Map<String, BlockDevice> byName = list(() -> List.of(sda, dm, sdb));

        assertEquals("Samsung SSD 870 EVO 2TB", byName.get("sda").model());
        assertEquals("S6PNNS0T123456", byName.get("sda").serial());
        assertEquals(new BlockDevice("sda1", Path.of("/dev/sda1"), 8, 1, GIB, true, "sda", false,
                "Samsung SSD 870 EVO 2TB", "S6PNNS0T123456", null, false), byName.get("sda1"));
        assertFalse(byName.get("dm-0").partition());
        assertEquals(new BlockDevice("sdb", Path.of("/dev/sdb"), -1, -1, 3 * GIB, false, null, null, "Other Disk",
                null, null, false), byName.get("sdb"));
        assertEquals(new BlockDevice("sdb1", Path.of("/dev/sdb1"), 8, 17, GIB, true, "sdb", null, "Other Disk", null,
                null, false), byName.get("sdb1"));
        Set<String> expected = new HashSet<>(list(() -> null).keySet());
        expected.addAll(Set.of("sdb", "sdb1"));
        assertEquals(expected, byName.keySet(), "OSHI adds what sysfs lacks, no duplicates");
    }

    @Test
    void unreadableAttributesAreUnknownNotFatal() throws Exception {
        Path sdc = sys.disk("pci0000:00/odd", "sdc", "8:32", 0, 0);
        Files.delete(sdc.resolve("dev"));
        Files.createDirectory(sdc.resolve("dev")); // reading it fails with EISDIR, even for root
        FakeSys.write(sdc.resolve("size"), "lots\n");
        Files.delete(sdc.resolve("queue/rotational"));
        FakeSys.write(sdc.resolve("ro"), "\n");
        sys.link("sdc9", tmp.resolve("nowhere")); // dangling link

        Map<String, BlockDevice> byName = list(List::of);

        assertEquals(new BlockDevice("sdc", Path.of("/dev/sdc"), -1, -1, 0, false, null, null, null, null, null,
                false), byName.get("sdc"));
        assertEquals(-1, byName.get("sdc9").major());
    }

    @Test
    void noSysfsAndNoOshiIsAnEmptyListNotAnError() {
        BlockDevices.Listing listing = BlockDevices.listing(tmp.resolve("absent"), () -> {
            throw new IllegalStateException("no udev");
        });

        assertEquals(List.of(), listing.devices());
    }

    @Test
    void kernelNamesWithSlashesHaveTheirNodeInASubdirectory() {
        assertEquals(Path.of("/dev/cciss/c0d0"), BlockDevice.nodeOf("cciss!c0d0"));
    }

    /** A container may show only a disk or two: assert what must hold anywhere. */
    @Test
    void thisMachinesDevicesAreConsistent() throws Exception {
        BlockDevices.Listing listing = BlockDevices.listing(SysfsBlock.CLASS_BLOCK, OshiDisks::read);
        List<BlockDevice> devices = listing.devices();
        System.out.printf("BlockDevices on this machine (OSHI %.1f ms, failure %s):%n", listing.oshiNanos() / 1e6,
                listing.oshiFailure());
        devices.forEach(d -> System.out.println("  " + d));

        assertNull(listing.oshiFailure(), "OSHI should load in this runtime (JNA, libudev)");
        Set<String> names = devices.stream().map(BlockDevice::name).collect(Collectors.toSet());
        assertEquals(devices.size(), names.size(), "names unique");
        for (BlockDevice device : devices) {
            assertEquals(BlockDevice.nodeOf(device.name()), device.node());
            assertTrue(device.size() >= 0, device::toString);
            assertTrue(device.parent() == null || device.partition() && names.contains(device.parent()),
                    device::toString);
        }
        Set<String> expected = expectedFromSysfs();
        assertTrue(names.containsAll(expected), () -> "missing some of " + expected);
    }

    /** What /sys/class/block lists, without memory devices and empty loop slots. */
    private static Set<String> expectedFromSysfs() throws Exception {
        try (var entries = Files.list(SysfsBlock.CLASS_BLOCK)) {
            return entries.filter(e -> !e.getFileName().toString().matches("(zram|ram)\\d+"))
                    .filter(e -> !e.getFileName().toString().matches("loop\\d+")
                            || Files.exists(e.resolve("loop/backing_file")))
                    .filter(e -> !e.getFileName().toString().matches("nbd\\d+")
                            || !"0".equals(Sysfs.text(e.resolve("size"))))
                    .map(e -> e.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /**
     * The whole enumeration the UI does: devices, mounts, registered btrfs filesystems. The first
     * call is cold only when no test before it in this JVM has used OSHI.
     */
    @Test
    void enumeratingEverythingTakesMilliseconds() {
        long[] first = timeEverything();
        long warm = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            warm = Math.min(warm, timeEverything()[0]);
        }
        System.out.printf("BlockDevices + MountTable.read + SysfsBtrfs.list: first call in this JVM %.1f ms "
                + "(OSHI %.1f ms), warm %.1f ms%n", first[0] / 1e6, first[1] / 1e6, warm / 1e6);

        assertTrue(warm < 1_000_000_000L, "warm enumeration took " + warm / 1e6 + " ms");
    }

    /** @return total and OSHI nanoseconds */
    private static long[] timeEverything() {
        long start = System.nanoTime();
        BlockDevices.Listing listing = BlockDevices.listing(SysfsBlock.CLASS_BLOCK, OshiDisks::read);
        MountTable.read();
        SysfsBtrfs.list();
        return new long[] { System.nanoTime() - start, listing.oshiNanos() };
    }
}

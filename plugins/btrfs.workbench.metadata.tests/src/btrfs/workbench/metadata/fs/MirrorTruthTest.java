package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import btrfs.workbench.metadata.chunk.BlockGroupProfile;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.FullStripe;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;

/**
 * The logical to physical mapping against what the kernel wrote: for every block of every
 * tree of every array, each mirror the map names holds that very block (header bytenr matches,
 * checksum verifies); for RAID5/6 the data stripe holding a block is the one whose full stripe
 * has consistent P (and Q) parity at the rotated positions.
 */
class MirrorTruthTest {

    private static final AtomicInteger BLOCKS = new AtomicInteger();
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final AtomicInteger FULL_STRIPES = new AtomicInteger();

    @AfterAll
    static void summary() {
        System.out.println("MirrorTruthTest: " + BLOCKS + " blocks, " + COPIES + " copies validated, "
                + FULL_STRIPES + " RAID5/6 full stripes with parity checked");
    }

    @TestFactory
    Stream<DynamicTest> everyMirrorOfEveryBlockHoldsTheBlock() {
        return OpenArrays.perArray(c -> {
            for (TreeRoot root : c.fs().treeRoots()) {
                for (VisitedBlock block : c.fs().collect(root, KeyRange.ALL).blocks()) {
                    checkMirrors(c.fs(), block);
                }
            }
        });
    }

    private static void checkMirrors(BtrfsFilesystem fs, VisitedBlock visited) {
        long bytenr = visited.bytenr();
        ChunkItem chunk = fs.chunkMap().chunkAt(bytenr).orElseThrow();
        List<Mirror> mirrors = fs.chunkMap().mirrors(bytenr);
        assertEquals(readMirrors(chunk.profile()), mirrors.size(), chunk.typeString());
        assertEquals(mirrors.get(0), visited.where(), "the first mirror is the one read");
        assertEquals(1, visited.mirror());
        assertDistinctPlaces(chunk, mirrors);
        BlockExpectation expect = BlockExpectation.of(visited.level(), visited.generation());
        for (int m = 1; m <= mirrors.size(); m++) {
            BlockRead read = fs.blockReader().readMirror(bytenr, m, expect);
            BlockRead.Good good = assertInstanceOf(BlockRead.Good.class, read,
                    () -> "mirror of " + bytenr + ": " + read);
            assertEquals(visited.block().headerLine(), good.block().headerLine());
            assertArrayEquals(visited.block().header().csum(), good.block().header().csum());
            COPIES.incrementAndGet();
        }
        BLOCKS.incrementAndGet();
    }

    /** What GET_READ_MIRRORS yields per profile: parity is no copy, RAID10 mirrors within a pair. */
    private static int readMirrors(BlockGroupProfile profile) {
        return switch (profile) {
            case SINGLE, RAID0, RAID5, RAID6 -> 1;
            case DUP, RAID1, RAID10 -> 2;
            case RAID1C3 -> 3;
            case RAID1C4 -> 4;
        };
    }

    /** Copies must never share a device, except DUP, whose two copies are apart on one device. */
    private static void assertDistinctPlaces(ChunkItem chunk, List<Mirror> mirrors) {
        Set<Long> devids = new HashSet<>(mirrors.stream().map(Mirror::devid).toList());
        if (chunk.profile() == BlockGroupProfile.DUP) {
            assertEquals(1, devids.size());
            long distance = Math.abs(mirrors.get(0).physical() - mirrors.get(1).physical());
            assertTrue(distance >= chunk.length(), "DUP copies overlap: " + mirrors);
        } else {
            assertEquals(mirrors.size(), devids.size(), "copies on one device: " + mirrors);
        }
    }

    @TestFactory
    Stream<DynamicTest> raid56DataStripesAndParityRotation() {
        return OpenArrays.perArray(a -> a.name().matches(".*raid[56].*"), c -> {
            Map<Long, FullStripe> fullStripes = new LinkedHashMap<>();
            for (TreeRoot root : c.fs().treeRoots()) {
                for (VisitedBlock block : c.fs().collect(root, KeyRange.ALL).blocks()) {
                    FullStripe full = c.fs().chunkMap().fullStripe(block.bytenr()).orElseThrow();
                    assertDataUnitIsTheMirror(full, block);
                    fullStripes.put(full.logical(), full);
                }
            }
            Set<Long> parityDevices = new HashSet<>();
            for (FullStripe full : fullStripes.values()) {
                checkParity(c.fs(), full);
                parityDevices.add(full.parity(FullStripe.Role.P).devid());
                FULL_STRIPES.incrementAndGet();
            }
            if (fullStripes.size() >= 10) {
                assertTrue(parityDevices.size() >= 2, "parity should rotate over the devices: " + parityDevices);
            }
        });
    }

    private static void assertDataUnitIsTheMirror(FullStripe full, VisitedBlock block) {
        FullStripe.Unit unit = full.dataUnits().stream()
                .filter(u -> Long.compareUnsigned(block.bytenr() - u.logical(), 64 * 1024) < 0).findFirst()
                .orElseThrow(() -> new AssertionError(block.bytenr() + " in no data unit of " + full));
        assertEquals(new Mirror(unit.devid(), unit.physical() + (block.bytenr() - unit.logical())), block.where());
    }

    /** P is the XOR of the data units; Q (RAID6) is the sum of g^i * D_i in GF(2^8), g = 2, poly 0x11d. */
    private static void checkParity(BtrfsFilesystem fs, FullStripe full) {
        List<byte[]> data = full.dataUnits().stream().map(u -> readUnit(fs, u)).toList();
        byte[] p = new byte[data.get(0).length];
        for (byte[] d : data) {
            for (int i = 0; i < p.length; i++) {
                p[i] ^= d[i];
            }
        }
        assertArrayEquals(p, readUnit(fs, full.parity(FullStripe.Role.P)), "P of full stripe " + full.logical());
        boolean raid6 = full.units().stream().anyMatch(u -> u.role() == FullStripe.Role.Q);
        if (raid6) {
            byte[] q = data.get(data.size() - 1).clone();
            for (int k = data.size() - 2; k >= 0; k--) {
                byte[] d = data.get(k);
                for (int i = 0; i < q.length; i++) {
                    q[i] = (byte) (times2(q[i]) ^ d[i]);
                }
            }
            assertArrayEquals(q, readUnit(fs, full.parity(FullStripe.Role.Q)), "Q of full stripe " + full.logical());
        }
    }

    private static int times2(byte b) {
        int v = (b & 0xff) << 1;
        return (v & 0x100) != 0 ? v ^ 0x11d : v;
    }

    private static byte[] readUnit(BtrfsFilesystem fs, FullStripe.Unit unit) {
        FsDevice device = fs.devices().stream().filter(d -> d.devid() == unit.devid()).findFirst().orElseThrow();
        ByteBuffer buffer = ByteBuffer.allocate((int) ChunkItem.STRIPE_LEN);
        try {
            device.reader().readFully(unit.physical(), buffer);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buffer.array();
    }
}

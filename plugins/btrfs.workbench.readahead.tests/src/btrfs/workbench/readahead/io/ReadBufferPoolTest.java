package btrfs.workbench.readahead.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import btrfs.workbench.readahead.os.HugePages;

/**
 * The I/O threads' read buffers: whole, aligned slots in huge pages where the kernel has them (one
 * memory segment per read), ordinary page-aligned buffers otherwise or when not asked for.
 */
class ReadBufferPoolTest {

    private static long address(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    @Test
    void slotsAreWholeAlignedAndApart() {
        assumeTrue(HugePages.unavailable() == null, "no huge pages here: " + HugePages.unavailable());
        ReadBufferPool pool = new ReadBufferPool(true);
        Set<Long> starts = new HashSet<>();
        for (int i = 0; i < 20; i++) { // more than a region holds
            ByteBuffer slot = pool.take(i == 0 ? 16384 : ReadBufferPool.SLOT);
            assertTrue(slot.isDirect());
            assertEquals(ReadBufferPool.SLOT, slot.capacity());
            assertEquals(0, slot.alignmentOffset(0, ReadBufferPool.SLOT), "a slot never straddles a huge page");
            assertTrue(starts.add(address(slot)));
        }
        List<Long> sorted = starts.stream().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i) - sorted.get(i - 1) >= ReadBufferPool.SLOT, "slots overlap");
        }
    }

    @Test
    void slotsLieInHugePages() throws IOException {
        assumeTrue(HugePages.unavailable() == null, "no huge pages here: " + HugePages.unavailable());
        ReadBufferPool pool = new ReadBufferPool(true);
        ByteBuffer slot = pool.take(ReadBufferPool.SLOT);
        slot.put(0, (byte) 1);
        String refused = pool.refused();
        assumeTrue(refused == null || !refused.contains("errno 11"), "the kernel had no huge page free: " + refused);
        assertNull(refused);
        assertTrue(anonHugeKb(address(slot)) >= HugePages.SIZE / 1024, "the slot's mapping has no huge pages");
    }

    @Test
    void notAskedForOrTooLargeAReadGetsAnOrdinaryBuffer() {
        ReadBufferPool plain = new ReadBufferPool(false);
        ByteBuffer b = plain.take(300_000);
        assertTrue(b.isDirect() && b.capacity() >= 300_000);
        assertEquals(0, b.alignmentOffset(0, 4096));
        assertEquals("not asked for", plain.refused());
        ByteBuffer big = new ReadBufferPool(true).take(ReadBufferPool.SLOT + 4096);
        assertTrue(big.capacity() >= ReadBufferPool.SLOT + 4096);
        assertEquals(0, big.alignmentOffset(0, 4096));
        assertNotEquals(address(b), address(big));
    }

    /** The AnonHugePages of the mapping holding {@code address}, from /proc/self/smaps. */
    private static long anonHugeKb(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            String[] f = line.split("\\s+");
            if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = f[0].split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address
                        && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && f[0].equals("AnonHugePages:")) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}

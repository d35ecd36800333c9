package btrfs.workbench.bench.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArraySpecTest {

    private static final ArraySpec SPEC = new ArraySpec("raid1-4dev", "raid1", "single", 4, 3 * ArraySpec.GIB,
            16384, 1200 * ArraySpec.MIB, 8);

    @Test
    void theCacheKeyNamesTheArrayAndTheVersion() {
        assertTrue(SPEC.key().startsWith("raid1-4dev-v" + ArraySpec.VERSION + "-"), SPEC.key());
        assertEquals(SPEC.key(), new ArraySpec("raid1-4dev", "raid1", "single", 4, 3 * ArraySpec.GIB, 16384,
                1200 * ArraySpec.MIB, 8).key());
    }

    @Test
    void anyChangeOfTheSpecChangesTheKey() {
        assertNotEquals(SPEC.key(), new ArraySpec("raid1-4dev", "raid1", "raid1", 4, 3 * ArraySpec.GIB, 16384,
                1200 * ArraySpec.MIB, 8).key());
        assertNotEquals(SPEC.key(), new ArraySpec("raid1-4dev", "raid1", "single", 4, 3 * ArraySpec.GIB, 16384,
                1300 * ArraySpec.MIB, 8).key());
    }

    @Test
    void aMetadataChunkIsAtMost256MiBAndATenthOfTheDevices() {
        assertEquals(256 * ArraySpec.MIB, SPEC.largestMetadataChunk());
        ArraySpec small = new ArraySpec("s", "raid1", "single", 4, 256 * ArraySpec.MIB, 16384, ArraySpec.MIB, 1);
        assertEquals(4 * 256 * ArraySpec.MIB / 10, small.largestMetadataChunk());
    }

    @Test
    void impossibleSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec("Raid 1", "raid1", "single", 4,
                ArraySpec.GIB, 16384, ArraySpec.MIB, 1));
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec("r", "raid7", "single", 4, ArraySpec.GIB,
                16384, ArraySpec.MIB, 1));
        assertThrows(IllegalArgumentException.class, () -> new ArraySpec("r", "raid1", "single", 0, ArraySpec.GIB,
                16384, ArraySpec.MIB, 1));
    }

    @Test
    void itDescribesItselfForTheTable() {
        assertEquals("4 × 3.0 GiB, metadata raid1, data single, 16 KiB nodes", SPEC.describe());
    }
}

package btrfs.workbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.code_intelligence.jazzer.junit.FuzzTest;

import btrfs.workbench.metadata.DevItem;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockParser;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.chunk.ChunkProblem;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.chunk.SysChunkArray;

/**
 * Chunk parsing on any sys_chunk_array (seeds: every device's sys_chunk_array of the committed
 * arrays, and their chunk trees' CHUNK_ITEMs in the same key + item layout): the first byte picks
 * the sectorsize, the rest is the array. Parsing gives chunks and problems, never an exception,
 * and the chunk map then answers the mirror questions the readahead asks within each chunk's
 * own stripes.
 */
public class ChunkFuzzTest {

    @FuzzTest
    void fuzz(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int sectorsize = 4096 << (Byte.toUnsignedInt(data[0]) % 5);
        byte[] array = Arrays.copyOfRange(data, 1, Math.min(data.length, 1 + SuperblockParser.SYS_CHUNK_ARRAY_MAX));
        SysChunkArray.Parsed parsed = SysChunkArray.parse(superblockWith(array, sectorsize));
        List<ChunkProblem> problems = new ArrayList<>(parsed.problems());
        ChunkMap map = ChunkMap.of(parsed.chunks(), problems);
        for (ChunkItem chunk : map.chunks()) {
            checkChunk(map, chunk, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Probes the start, the last byte and a few addresses within the chunk. */
    private static void checkChunk(ChunkMap map, ChunkItem chunk, ByteBuffer data) {
        assertTrue(chunk.dataStripes() > 0, chunk.toString());
        assertTrue(chunk.stripeLength() != 0, chunk.toString());
        assertTrue(Long.compareUnsigned(chunk.length(), ChunkItem.MAX_LENGTH) < 0, chunk.toString());
        List<Long> probes = new ArrayList<>(List.of(chunk.logical(), chunk.end() - 1));
        for (int i = 0; i + 8 <= data.limit() && probes.size() < 6; i += 61) {
            probes.add(chunk.logical() + Long.remainderUnsigned(data.getLong(i), chunk.length()));
        }
        for (long address : probes) {
            checkAddress(map, chunk, address);
        }
    }

    private static void checkAddress(ChunkMap map, ChunkItem chunk, long address) {
        List<Mirror> mirrors = map.mirrors(address);
        assertEquals(expectedMirrors(chunk), mirrors.size(), chunk + " at " + Long.toUnsignedString(address));
        for (Mirror mirror : mirrors) {
            assertTrue(chunk.stripes().stream().anyMatch(s -> s.devid() == mirror.devid()), "a mirror on a stripe's device");
        }
        // u64 byte counts: compared unsigned
        long contiguous = map.contiguousBytes(address);
        assertTrue(contiguous != 0 && Long.compareUnsigned(contiguous, chunk.end() - address) <= 0,
                "contiguous " + Long.toUnsignedString(contiguous) + " in " + chunk);
        map.fullStripe(address);
    }

    /** btrfs_map_block(GET_READ_MIRRORS): every copy, the RAID10 pair, else the one data stripe. */
    private static int expectedMirrors(ChunkItem chunk) {
        return switch (chunk.profile()) {
            case SINGLE, RAID0, RAID5, RAID6 -> 1;
            case RAID10 -> chunk.subStripes();
            case DUP, RAID1, RAID1C3, RAID1C4 -> chunk.numStripes();
        };
    }

    /** SysChunkArray reads only the array and the sectorsize; the rest is filler. */
    private static Superblock superblockWith(byte[] array, int sectorsize) {
        UUID fsid = new UUID(1, 2);
        DevItem dev = new DevItem(1, 1L << 30, 0, sectorsize, sectorsize, sectorsize, 0, 0, 0, 0, 0, 0, new UUID(3, 4),
                fsid);
        return new Superblock(new byte[4], 65536, 1, SuperblockParser.MAGIC, fsid, 1, 0, 0, 0, 1L << 30, 1L << 20, 6,
                1, sectorsize, sectorsize, sectorsize, array.length, 1, 0, 0, 0, 0, 0, 0, 0, dev, "", 0, 0, fsid, 0,
                array);
    }
}

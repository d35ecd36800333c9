package btrfs.workbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import btrfs.workbench.metadata.ChecksumType;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockParser;
import btrfs.workbench.metadata.SuperblockRead;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.chunk.ChunkProblem;
import btrfs.workbench.metadata.chunk.SysChunkArray;

/**
 * The superblock parser on any 4096 bytes (seeds: the primary superblock of every device of the
 * committed arrays): it answers Valid or Invalid, never throws, and a Valid superblock keeps
 * the promises its users rely on (sizes in range, the sys_chunk_array as long as it says).
 */
public class SuperblockFuzzTest {

    /** Where a primary superblock lives; the parser checks the bytenr field against it. */
    private static final long PRIMARY = 64 * 1024;
    private static final int OFF_CSUM_TYPE = 196;

    @FuzzTest
    void fuzz(byte[] data) {
        // as read: mostly a checksum mismatch, sometimes short
        SuperblockParser.parse(ByteBuffer.wrap(data), PRIMARY);
        byte[] block = Arrays.copyOf(data, SuperblockParser.SUPERBLOCK_SIZE);
        csumType(block).ifPresent(type -> Checksums.fix(block, type));
        if (SuperblockParser.parse(ByteBuffer.wrap(block), PRIMARY) instanceof SuperblockRead.Valid valid) {
            checkValid(valid.superblock());
        }
    }

    private static Optional<ChecksumType> csumType(byte[] block) {
        return ChecksumType.fromId(Short.toUnsignedInt(ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN)
                .getShort(OFF_CSUM_TYPE)));
    }

    /** What the loader, the CLI and the scanner take for granted of a valid superblock. */
    private static void checkValid(Superblock sb) {
        assertEquals(PRIMARY, sb.bytenr());
        assertTrue(Integer.bitCount(sb.sectorsize()) == 1 && sb.sectorsize() >= 4096 && sb.sectorsize() <= 65536);
        assertTrue(Integer.bitCount(sb.nodesize()) == 1 && sb.nodesize() >= sb.sectorsize() && sb.nodesize() <= 65536);
        assertEquals(sb.sysChunkArraySize(), sb.sysChunkArray().length);
        assertTrue(sb.sysChunkArraySize() <= SuperblockParser.SYS_CHUNK_ARRAY_MAX);
        assertTrue(sb.rootLevel() < 8 && sb.chunkRootLevel() < 8 && sb.logRootLevel() < 8);
        assertTrue(sb.csumType().isPresent());
        // the names and the sys_chunk_array the loader reads next: typed results, no exception
        sb.flagNames();
        sb.incompatFlagNames();
        sb.compatRoFlagNames();
        SysChunkArray.Parsed sys = SysChunkArray.parse(sb);
        List<ChunkProblem> problems = new ArrayList<>(sys.problems());
        ChunkMap.of(sys.chunks(), problems);
    }
}

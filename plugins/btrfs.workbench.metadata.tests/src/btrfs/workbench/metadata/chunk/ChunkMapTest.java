package btrfs.workbench.metadata.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.Decoded;

/**
 * The mapping arithmetic of {@code __btrfs_map_block(GET_READ_MIRRORS)} on hand-made chunks,
 * with the expected mirrors worked out by hand from the kernel's rules.
 */
class ChunkMapTest {

    private static final long K64 = 64 * 1024;
    private static final long START = 1L << 30;
    private static final long LENGTH = 1L << 30;

    /** A chunk at 1 GiB with stripe i on devid i+1 at physical (i+1) * 100 MiB. */
    private static ChunkItem chunk(BlockGroupProfile profile, int stripes) {
        List<Stripe> list = new ArrayList<>();
        for (int i = 0; i < stripes; i++) {
            list.add(new Stripe(i + 1, (i + 1) * 100L * 1024 * 1024, new UUID(0, i + 1)));
        }
        return new ChunkItem(START, LENGTH, 2, K64, BlockGroupType.METADATA | profile.bit(), K64, K64, 4096,
                profile == BlockGroupProfile.RAID10 ? 2 : 1, list);
    }

    private static long phys(int stripe) {
        return (stripe + 1) * 100L * 1024 * 1024;
    }

    private static List<Mirror> mirrors(ChunkItem chunk, long offset) {
        return ChunkMap.of(List.of(chunk), new ArrayList<>()).mirrors(START + offset);
    }

    @Test
    void singleMapsStraight() {
        assertEquals(List.of(new Mirror(1, phys(0) + 5 * K64 + 100)),
                mirrors(chunk(BlockGroupProfile.SINGLE, 1), 5 * K64 + 100));
    }

    @Test
    void mirroredProfilesGiveEveryStripeAtTheSameOffset() {
        long offset = 7 * K64 + 4096;
        for (BlockGroupProfile profile : List.of(BlockGroupProfile.DUP, BlockGroupProfile.RAID1,
                BlockGroupProfile.RAID1C3, BlockGroupProfile.RAID1C4)) {
            ChunkItem chunk = chunk(profile, profile.copies());
            List<Mirror> expected = new ArrayList<>();
            for (int i = 0; i < profile.copies(); i++) {
                expected.add(new Mirror(i + 1, phys(i) + offset));
            }
            assertEquals(expected, mirrors(chunk, offset), profile.name());
        }
    }

    @Test
    void raid0GoesRoundRobin() {
        // stripe unit 5 of 3 stripes: stripe 5 % 3 = 2, unit 5 / 3 = 1 on that device
        assertEquals(List.of(new Mirror(3, phys(2) + K64 + 100)),
                mirrors(chunk(BlockGroupProfile.RAID0, 3), 5 * K64 + 100));
        assertEquals(List.of(new Mirror(1, phys(0))), mirrors(chunk(BlockGroupProfile.RAID0, 3), 0));
    }

    @Test
    void raid10ReadsBothStripesOfThePair() {
        // 4 stripes in pairs (0,1) (2,3); unit 3: pair 3 % 2 = 1 -> stripes 2 and 3, unit 3 / 2 = 1
        assertEquals(List.of(new Mirror(3, phys(2) + K64 + 8), new Mirror(4, phys(3) + K64 + 8)),
                mirrors(chunk(BlockGroupProfile.RAID10, 4), 3 * K64 + 8));
        // 6 stripes, 3 pairs; unit 4: pair 4 % 3 = 1 -> stripes 2, 3; unit 4 / 3 = 1
        assertEquals(List.of(new Mirror(3, phys(2) + K64), new Mirror(4, phys(3) + K64)),
                mirrors(chunk(BlockGroupProfile.RAID10, 6), 4 * K64));
    }

    @Test
    void raid5ReadsOnlyTheRotatedDataStripe() {
        ChunkItem raid5 = chunk(BlockGroupProfile.RAID5, 3);
        // 2 data units per full stripe. Unit 5: full stripe 2, data index 1 -> stripe (2 + 1) % 3 = 0
        assertEquals(List.of(new Mirror(1, phys(0) + 2 * K64 + 16)), mirrors(raid5, 5 * K64 + 16));
        // Unit 0: full stripe 0, index 0 -> stripe 0; unit 2: full 1, index 0 -> stripe 1
        assertEquals(List.of(new Mirror(1, phys(0))), mirrors(raid5, 0));
        assertEquals(List.of(new Mirror(2, phys(1) + K64)), mirrors(raid5, 2 * K64));
    }

    @Test
    void raid6ReadsOnlyTheRotatedDataStripe() {
        ChunkItem raid6 = chunk(BlockGroupProfile.RAID6, 4);
        // 2 data units per full stripe. Unit 7: full stripe 3, index 1 -> stripe (3 + 1) % 4 = 0
        assertEquals(List.of(new Mirror(1, phys(0) + 3 * K64)), mirrors(raid6, 7 * K64));
        // Unit 6: full stripe 3, index 0 -> stripe 3
        assertEquals(List.of(new Mirror(4, phys(3) + 3 * K64 + 1)), mirrors(raid6, 6 * K64 + 1));
    }

    @Test
    void fullStripeRotatesDataAndParity() {
        ChunkMap map = ChunkMap.of(List.of(chunk(BlockGroupProfile.RAID6, 4)), new ArrayList<>());
        // Full stripe 1 (units 2, 3): rotation 1 -> D0 on stripe 1, D1 on 2, P on 3, Q on 0.
        FullStripe full = map.fullStripe(START + 3 * K64 + 5).orElseThrow();
        assertEquals(START + 2 * K64, full.logical());
        assertEquals(List.of(FullStripe.Role.Q, FullStripe.Role.DATA, FullStripe.Role.DATA, FullStripe.Role.P),
                full.units().stream().map(FullStripe.Unit::role).toList());
        assertEquals(List.of(START + 2 * K64, START + 3 * K64),
                full.dataUnits().stream().map(FullStripe.Unit::logical).toList());
        assertEquals(phys(3) + K64, full.parity(FullStripe.Role.P).physical());
        assertTrue(ChunkMap.of(List.of(chunk(BlockGroupProfile.RAID1, 2)), new ArrayList<>())
                .fullStripe(START).isEmpty());
    }

    @Test
    void contiguousBytesEndAtStripeUnitsOnlyForStripedProfiles() {
        ChunkMap raid0 = ChunkMap.of(List.of(chunk(BlockGroupProfile.RAID0, 2)), new ArrayList<>());
        assertEquals(K64 - 100, raid0.contiguousBytes(START + 100));
        ChunkMap dup = ChunkMap.of(List.of(chunk(BlockGroupProfile.DUP, 2)), new ArrayList<>());
        assertEquals(LENGTH - 100, dup.contiguousBytes(START + 100));
        assertEquals(0, dup.contiguousBytes(START - 1));
    }

    @Test
    void addressesOutsideEveryChunkHaveNoMirror() {
        ChunkMap map = ChunkMap.of(List.of(chunk(BlockGroupProfile.SINGLE, 1)), new ArrayList<>());
        assertEquals(List.of(), map.mirrors(START - 1));
        assertEquals(List.of(), map.mirrors(START + LENGTH));
        assertEquals(List.of(), map.mirrors(-1L));
        assertEquals(1, map.mirrors(START + LENGTH - 1).size());
    }

    @Test
    void overlappingChunksAreReportedAndLeftOut() {
        ChunkItem first = chunk(BlockGroupProfile.SINGLE, 1);
        ChunkItem overlapping = new ChunkItem(START + 4096, 4096, 2, K64, BlockGroupType.DATA, K64, K64, 4096, 1,
                first.stripes());
        List<ChunkProblem> problems = new ArrayList<>();
        ChunkMap map = ChunkMap.of(List.of(overlapping, first), problems);
        assertEquals(List.of(first), map.chunks());
        assertEquals(START + 4096, problems.get(0).logical());
    }

    @Test
    void typeStringsAreThoseOfBtrfsProgs() {
        assertEquals("DATA|METADATA|single", BlockGroupType.toString(BlockGroupType.DATA | BlockGroupType.METADATA));
        assertEquals("SYSTEM|RAID1C4",
                BlockGroupType.toString(BlockGroupType.SYSTEM | BlockGroupProfile.RAID1C4.bit()));
        assertEquals("METADATA|DUP", BlockGroupType.toString(BlockGroupType.METADATA | BlockGroupProfile.DUP.bit()));
        assertEquals("DATA|UNKNOWN.0x18", BlockGroupType.toString(BlockGroupType.DATA | (1 << 3) | (1 << 4)));
    }

    // --- decoding and validation of chunk items (btrfs_check_chunk_valid) ---

    /** A raw chunk item; the caller patches fields to make it bad. */
    private static ByteBuffer rawChunk(long type, int numStripes, int subStripes) {
        ByteBuffer b = ByteBuffer.allocate(ChunkItem.itemSize(numStripes)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, LENGTH).putLong(8, 2).putLong(16, K64).putLong(24, type);
        b.putInt(32, (int) K64).putInt(36, (int) K64).putInt(40, 4096);
        b.putShort(44, (short) numStripes).putShort(46, (short) subStripes);
        for (int i = 0; i < numStripes; i++) {
            b.putLong(48 + 32 * i, i + 1).putLong(56 + 32 * i, phys(i));
        }
        return b;
    }

    private static String reason(ByteBuffer raw) {
        return assertInstanceOf(Decoded.Bad.class, ChunkItem.decode(raw, START, 4096)).reason();
    }

    @Test
    void validItemDecodes() {
        long type = BlockGroupType.METADATA | BlockGroupProfile.RAID10.bit();
        ChunkItem chunk = ChunkItem.decode(rawChunk(type, 4, 2), START, 4096).toOptional().orElseThrow();
        assertEquals(List.of(1L, 2L, 3L, 4L), chunk.stripes().stream().map(Stripe::devid).toList());
        assertEquals(LENGTH / 2, chunk.stripeLength());
        assertEquals("METADATA|RAID10", chunk.typeString());
    }

    @Test
    void invalidItemsAreRefusedWithTheirReason() {
        long meta = BlockGroupType.METADATA;
        assertTrue(reason(rawChunk(meta, 0, 1)).contains("num_stripes is 0"));
        assertTrue(reason(rawChunk(meta | BlockGroupProfile.RAID10.bit(), 2, 0)).contains("sub_stripes 0"));
        assertTrue(reason(rawChunk(meta | BlockGroupProfile.DUP.bit(), 3, 1)).contains("impossible for DUP"));
        assertTrue(reason(rawChunk(meta | BlockGroupProfile.RAID6.bit(), 2, 1)).contains("impossible for RAID6"));
        assertTrue(reason(rawChunk(meta | (1 << 3) | (1 << 4), 2, 1)).contains("more than one profile"));
        assertTrue(reason(rawChunk(meta | (1L << 20), 1, 1)).contains("unknown type bits"));
        assertTrue(reason(rawChunk(1L << 3, 1, 1)).contains("none of DATA"));
        assertTrue(reason(rawChunk(meta, 1, 1).putLong(16, 4096)).contains("stripe_len"));
        assertTrue(reason(rawChunk(meta, 1, 1).putLong(0, 0)).contains("length 0"));
        assertTrue(reason(rawChunk(meta, 1, 1).putShort(44, (short) 9)).contains("num_stripes 9 needs"));
        assertTrue(reason(ByteBuffer.allocate(20)).contains("shorter"));
    }

    /**
     * Regression (ChunkFuzzTest, crash-82387334): a RAID1 SYSTEM chunk 2^63 + 16 MiB long passed
     * every check; the kernel refuses chunks of 2^32 - 1 stripes of 64 KiB and more.
     */
    @Test
    void aChunkBeyondTheKernelsLengthLimitIsRefused() {
        long type = BlockGroupType.SYSTEM | BlockGroupProfile.RAID1.bit();
        assertTrue(reason(rawChunk(type, 2, 1).putLong(0, Long.parseUnsignedLong("9223372036863164416"))).contains("not below the limit"));
        assertTrue(reason(rawChunk(type, 2, 1).putLong(0, ChunkItem.MAX_LENGTH)).contains("not below the limit"));
        long longest = ChunkItem.MAX_LENGTH - 4096;
        assertEquals(longest, ChunkItem.decode(rawChunk(type, 2, 1).putLong(0, longest), START, 4096).toOptional()
                .orElseThrow().length());
    }
}

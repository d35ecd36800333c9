package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Damaged superblocks give Invalid with a reason, never an exception. */
class SuperblockParserCorruptionTest {

    private static final long PRIMARY = SuperblockReader.PRIMARY_OFFSET;

    // Field offsets in struct btrfs_super_block, used to damage single fields.
    private static final int OFF_BYTENR = 48;
    private static final int OFF_MAGIC = 64;
    private static final int OFF_ROOT = 80;
    private static final int OFF_CHUNK_ROOT = 88;
    private static final int OFF_TOTAL_BYTES = 112;
    private static final int OFF_BYTES_USED = 120;
    private static final int OFF_NUM_DEVICES = 136;
    private static final int OFF_SECTORSIZE = 144;
    private static final int OFF_NODESIZE = 148;
    private static final int OFF_STRIPESIZE = 156;
    private static final int OFF_SYS_CHUNK_ARRAY_SIZE = 160;
    private static final int OFF_CSUM_TYPE = 196;
    private static final int OFF_ROOT_LEVEL = 198;
    private static final int OFF_CHUNK_ROOT_LEVEL = 199;
    private static final int OFF_LOG_ROOT_LEVEL = 200;
    private static final int OFF_DEV_ITEM_FSID = 201 + 82;

    @Test
    void untouchedSampleIsValid() throws Exception {
        assertInstanceOf(SuperblockRead.Valid.class, parse(TestResources.crc32cSample()));
    }

    @Test
    void flippedByteInChecksummedAreaIsAChecksumMismatch() throws Exception {
        for (String sample : TestResources.SUPERBLOCK_SAMPLES) {
            for (int offset : new int[] {32, 100, 299, 811, 3000, 4095}) {
                byte[] sb = TestResources.superblock(sample);
                sb[offset] ^= 0x01;
                assertReason(sb, "checksum mismatch (stored 0x");
            }
        }
    }

    @Test
    void mismatchReasonShowsStoredAndComputedChecksum() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        String stored = "0x" + java.util.HexFormat.of().formatHex(sb, 0, 4);
        sb[500] ^= 0x40;
        String reason = invalid(sb).reason();
        assertTrue(reason.startsWith("checksum mismatch (stored " + stored + ", computed 0x"), reason);
    }

    @Test
    void damagedChecksumFieldIsAMismatch() throws Exception {
        byte[] sb = TestResources.superblock("sha256-16k");
        sb[31] ^= 0x7f; // last byte of a 32-byte sha256 digest
        assertReason(sb, "checksum mismatch");
    }

    @Test
    void bytesBeyondTheDigestInTheCsumFieldAreIgnored() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        sb[10] = 0x55; // crc32c uses only bytes 0..3 of the 32-byte field
        assertInstanceOf(SuperblockRead.Valid.class, parse(sb));
    }

    @Test
    void wrongMagic() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        sb[OFF_MAGIC] = 'X';
        SuperblockRead.Invalid invalid = invalid(sb);
        assertEquals("no btrfs magic", invalid.reason());
        assertTrue(invalid.notBtrfs());
    }

    @Test
    void allZeroBlockHasNoMagic() {
        SuperblockRead.Invalid invalid = invalid(new byte[4096]);
        assertEquals("no btrfs magic", invalid.reason());
        assertTrue(invalid.notBtrfs());
    }

    @Test
    void temporaryMagicOfAnUnfinishedMkfs() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        TestResources.le(sb).putLong(OFF_MAGIC, SuperblockParser.MAGIC_TEMPORARY);
        assertReason(sb, "temporary btrfs magic");
        assertFalse(invalid(sb).notBtrfs());
    }

    @Test
    void damageToABtrfsSuperblockIsNotNotBtrfs() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        sb[700] ^= 1;
        assertFalse(invalid(sb).notBtrfs());
        assertFalse(invalid(withU32(OFF_NODESIZE, 3)).notBtrfs());
    }

    @Test
    void unknownChecksumType() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        TestResources.le(sb).putShort(OFF_CSUM_TYPE, (short) 7);
        assertEquals("unknown checksum type 7", invalid(sb).reason());
        TestResources.le(sb).putShort(OFF_CSUM_TYPE, (short) 0xffff);
        assertEquals("unknown checksum type 65535", invalid(sb).reason());
    }

    @Test
    void truncatedBuffers() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        assertReason(Arrays.copyOf(sb, 4095), "truncated: a superblock has 4096 bytes, got only 4095");
        assertReason(new byte[0], "truncated");
        assertTrue(invalid(new byte[100]).notBtrfs());
        ByteBuffer tail = ByteBuffer.wrap(sb).position(100);
        SuperblockRead read = SuperblockParser.parse(tail, PRIMARY);
        assertTrue(assertInstanceOf(SuperblockRead.Invalid.class, read).reason().startsWith("truncated"));
    }

    @Test
    void bufferPositionIsRespectedAndKept() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        byte[] larger = new byte[sb.length + 200];
        System.arraycopy(sb, 0, larger, 100, sb.length);
        ByteBuffer buffer = ByteBuffer.wrap(larger).position(100);
        assertInstanceOf(SuperblockRead.Valid.class, SuperblockParser.parse(buffer, PRIMARY));
        assertEquals(100, buffer.position());
    }

    @Test
    void bytenrMustMatchTheOffset() throws Exception {
        SuperblockRead read = SuperblockParser.parse(ByteBuffer.wrap(TestResources.crc32cSample()), 64L << 20);
        SuperblockRead.Invalid invalid = assertInstanceOf(SuperblockRead.Invalid.class, read);
        assertEquals("bytenr field 65536 does not match offset 67108864", invalid.reason());
        assertEquals(64L << 20, invalid.bytenr());

        byte[] sb = TestResources.crc32cSample();
        TestResources.le(sb).putLong(OFF_BYTENR, -1L);
        assertEquals("bytenr field 18446744073709551615 does not match offset 65536",
                invalid(TestResources.reseal(sb)).reason());
    }

    @Test
    void absurdNodesize() throws Exception {
        assertEquals("nodesize 3 is not a power of two in [sectorsize, 64 KiB]",
                invalidWithU32(OFF_NODESIZE, 3).reason());
        assertReason(withU32(OFF_NODESIZE, 2048), "nodesize 2048 ");
        assertReason(withU32(OFF_NODESIZE, 128 * 1024), "nodesize 131072 ");
        assertReason(withU32(OFF_NODESIZE, 0), "nodesize 0 ");
        assertReason(withU32(OFF_NODESIZE, -1), "nodesize 4294967295 ");
        assertReason(withU32(OFF_NODESIZE, 24576), "nodesize 24576 ");
    }

    @Test
    void badSectorsize() throws Exception {
        assertEquals("sectorsize 1000 is not a power of two in [4 KiB, 64 KiB]",
                invalidWithU32(OFF_SECTORSIZE, 1000).reason());
        assertReason(withU32(OFF_SECTORSIZE, 2048), "sectorsize 2048 ");
        assertReason(withU32(OFF_SECTORSIZE, 128 * 1024), "sectorsize 131072 ");
        // A sectorsize above the nodesize makes the nodesize invalid.
        assertReason(withU32(OFF_SECTORSIZE, 32 * 1024), "nodesize 16384 ");
    }

    @Test
    void badStripesize() throws Exception {
        assertReason(withU32(OFF_STRIPESIZE, 12345), "stripesize 12345 ");
    }

    @Test
    void sysChunkArraySizeLimits() throws Exception {
        assertEquals("sys_chunk_array_size 5000 exceeds 2048",
                invalidWithU32(OFF_SYS_CHUNK_ARRAY_SIZE, 5000).reason());
        assertReason(withU32(OFF_SYS_CHUNK_ARRAY_SIZE, -1), "sys_chunk_array_size 4294967295 exceeds 2048");
        assertReason(withU32(OFF_SYS_CHUNK_ARRAY_SIZE, 10), "sys_chunk_array_size 10 is too small");
        assertInstanceOf(SuperblockRead.Valid.class, parse(withU32(OFF_SYS_CHUNK_ARRAY_SIZE, 2048)));
    }

    @Test
    void zeroDevices() throws Exception {
        assertEquals("num_devices is 0", invalidWithU64(OFF_NUM_DEVICES, 0).reason());
    }

    @Test
    void zeroTotalBytesAndTinyBytesUsed() throws Exception {
        assertEquals("total_bytes is 0", invalidWithU64(OFF_TOTAL_BYTES, 0).reason());
        assertReason(withU64(OFF_BYTES_USED, 16384), "bytes_used 16384 is less than 6 * nodesize");
    }

    @Test
    void unalignedRoots() throws Exception {
        assertReason(withU64(OFF_ROOT, 30588928 + 512), "root 30589440 is not aligned to sectorsize 4096");
        assertReason(withU64(OFF_CHUNK_ROOT, 1), "chunk_root 1 is not aligned");
        assertReason(withU64(OFF_CHUNK_ROOT, -1L), "chunk_root 18446744073709551615 is not aligned");
    }

    @Test
    void levelsMustBeBelowEight() throws Exception {
        assertReason(withU8(OFF_ROOT_LEVEL, 8), "root level 8 is not below 8");
        assertReason(withU8(OFF_CHUNK_ROOT_LEVEL, 255), "chunk_root level 255");
        assertReason(withU8(OFF_LOG_ROOT_LEVEL, 9), "log_root level 9");
        assertInstanceOf(SuperblockRead.Valid.class, parse(withU8(OFF_ROOT_LEVEL, 7)));
    }

    @Test
    void devItemFsidMustMatchTheMetadataUuid() throws Exception {
        byte[] sb = TestResources.crc32cSample();
        sb[OFF_DEV_ITEM_FSID] ^= 1;
        assertReason(TestResources.reseal(sb), "dev_item fsid ");
    }

    @Test
    void randomBlocksNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] sb = new byte[4096];
            random.nextBytes(sb);
            if (i % 2 == 0) {
                TestResources.le(sb).putLong(OFF_MAGIC, SuperblockParser.MAGIC);
                TestResources.le(sb).putShort(OFF_CSUM_TYPE, (short) (i % 4));
                TestResources.reseal(sb);
            }
            parseWithoutException(sb);
        }
    }

    @Test
    void resealedMutationsOfEveryHeaderByteNeverThrow() throws Exception {
        byte[] original = TestResources.crc32cSample();
        Random random = new Random(7);
        for (int offset = 32; offset < 1024; offset++) {
            for (int round = 0; round < 4; round++) {
                byte[] sb = original.clone();
                sb[offset] = (byte) random.nextInt(256);
                if (offset == OFF_CSUM_TYPE || offset == OFF_CSUM_TYPE + 1) {
                    parseWithoutException(sb);
                } else {
                    parseWithoutException(TestResources.reseal(sb));
                }
            }
        }
    }

    private static SuperblockRead parse(byte[] sb) {
        return SuperblockParser.parse(ByteBuffer.wrap(sb), PRIMARY);
    }

    private static void parseWithoutException(byte[] sb) {
        try {
            SuperblockRead read = parse(sb);
            if (read instanceof SuperblockRead.Invalid invalid) {
                assertTrue(!invalid.reason().isBlank());
            }
        } catch (RuntimeException e) {
            fail("parser threw for bad input", e);
        }
    }

    private static SuperblockRead.Invalid invalid(byte[] sb) {
        SuperblockRead read = parse(sb);
        SuperblockRead.Invalid invalid = assertInstanceOf(SuperblockRead.Invalid.class, read);
        assertEquals(PRIMARY, invalid.bytenr());
        return invalid;
    }

    private static void assertReason(byte[] sb, String expectedStart) {
        String reason = invalid(sb).reason();
        assertTrue(reason.startsWith(expectedStart), () -> "reason was: " + reason);
    }

    private static byte[] withU8(int offset, int value) throws Exception {
        byte[] sb = TestResources.crc32cSample();
        sb[offset] = (byte) value;
        return TestResources.reseal(sb);
    }

    private static byte[] withU32(int offset, int value) throws Exception {
        byte[] sb = TestResources.crc32cSample();
        TestResources.le(sb).putInt(offset, value);
        return TestResources.reseal(sb);
    }

    private static byte[] withU64(int offset, long value) throws Exception {
        byte[] sb = TestResources.crc32cSample();
        TestResources.le(sb).putLong(offset, value);
        return TestResources.reseal(sb);
    }

    private static SuperblockRead.Invalid invalidWithU32(int offset, int value) throws Exception {
        return invalid(withU32(offset, value));
    }

    private static SuperblockRead.Invalid invalidWithU64(int offset, long value) throws Exception {
        return invalid(withU64(offset, value));
    }
}

package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Known-answer tests from published vectors, and the on-disk byte order of each digest. */
class ChecksumTypeTest {

    private static final byte[] CHECK_STRING = "123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    @Test
    void crc32cOfCheckStringIsTheCatalogueValueStoredLittleEndian() {
        // CRC-32C check value for "123456789" is 0xE3069283.
        assertHex("839206e3", ChecksumType.CRC32C.compute(CHECK_STRING, 0, CHECK_STRING.length));
    }

    @Test
    void crc32cMatchesRfc3720Examples() {
        // RFC 3720 B.4 lists the CRC bytes in the order they are stored: 32 zero bytes, 32 0xff bytes.
        assertHex("aa36918a", ChecksumType.CRC32C.compute(new byte[32], 0, 32));
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertHex("43aba862", ChecksumType.CRC32C.compute(ones, 0, 32));
        byte[] incrementing = new byte[32];
        for (int i = 0; i < incrementing.length; i++) {
            incrementing[i] = (byte) i;
        }
        assertHex("4e79dd46", ChecksumType.CRC32C.compute(incrementing, 0, 32));
    }

    @Test
    void xxhash64WithSeedZeroStoredLittleEndian() {
        // Reference XXH64 values, seed 0: "" = 0xEF46DB3751D8E999, "abc" = 0x44BC2CF5AD770999.
        assertHex("99e9d85137db46ef", ChecksumType.XXHASH.compute(EMPTY, 0, 0));
        assertHex("990977adf52cbc44", ChecksumType.XXHASH.compute(ABC, 0, ABC.length));
        assertHex("83aee640db41b88c", ChecksumType.XXHASH.compute(CHECK_STRING, 0, CHECK_STRING.length));
    }

    @Test
    void sha256OfAbcIsTheFips180Vector() {
        assertHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ChecksumType.SHA256.compute(ABC, 0, ABC.length));
        assertHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ChecksumType.SHA256.compute(EMPTY, 0, 0));
    }

    @Test
    void blake2b256OfAbcIsTheReferenceValue() {
        // RFC 7693 Appendix A gives the 512-bit digest of "abc"; btrfs uses the unkeyed 256-bit variant,
        // whose value here is that of the reference implementation (BLAKE2b with outlen 32).
        assertHex("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
                ChecksumType.BLAKE2.compute(ABC, 0, ABC.length));
        assertHex("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
                ChecksumType.BLAKE2.compute(EMPTY, 0, 0));
    }

    @Test
    void idsSizesAndNamesFollowBtrfsProgs() {
        assertType(ChecksumType.CRC32C, 0, 4, "crc32c");
        assertType(ChecksumType.XXHASH, 1, 8, "xxhash64");
        assertType(ChecksumType.SHA256, 2, 32, "sha256");
        assertType(ChecksumType.BLAKE2, 3, 32, "blake2b");
        assertEquals(Optional.empty(), ChecksumType.fromId(4));
        assertEquals(Optional.empty(), ChecksumType.fromId(-1));
        assertEquals(Optional.empty(), ChecksumType.fromId(0xffff));
    }

    @Test
    void digestSizeMatchesDeclaredSize() {
        byte[] data = new byte[1000];
        for (ChecksumType type : ChecksumType.values()) {
            assertEquals(type.size(), type.compute(data, 0, data.length).length, type.name());
        }
    }

    @Test
    void byteBufferVariantCoversRemainingBytesAndKeepsPosition() {
        byte[] padded = ("xx" + "123456789" + "yy").getBytes(StandardCharsets.US_ASCII);
        for (ChecksumType type : ChecksumType.values()) {
            ByteBuffer buffer = ByteBuffer.wrap(padded, 2, 9);
            byte[] fromBuffer = type.compute(buffer);
            assertArrayEquals(type.compute(CHECK_STRING, 0, CHECK_STRING.length), fromBuffer, type.name());
            assertArrayEquals(type.compute(padded, 2, 9), fromBuffer, type.name());
            assertEquals(2, buffer.position());
            assertEquals(11, buffer.limit());
        }
    }

    @Test
    void directBuffersGiveTheSameDigest() {
        byte[] data = new byte[20000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        for (ChecksumType type : ChecksumType.values()) {
            assertArrayEquals(type.compute(data, 0, data.length), type.compute(direct), type.name());
        }
    }

    @Test
    void badArrayRangeIsAProgrammingError() {
        assertThrows(IndexOutOfBoundsException.class, () -> ChecksumType.CRC32C.compute(new byte[4], 2, 4));
    }

    private static void assertType(ChecksumType type, int id, int size, String name) {
        assertEquals(id, type.id());
        assertEquals(size, type.size());
        assertEquals(name, type.displayName());
        assertEquals(Optional.of(type), ChecksumType.fromId(id));
        assertTrue(size <= ChecksumType.CSUM_FIELD_SIZE);
    }

    private static void assertHex(String expected, byte[] actual) {
        assertEquals(expected, HexFormat.of().formatHex(actual));
    }
}

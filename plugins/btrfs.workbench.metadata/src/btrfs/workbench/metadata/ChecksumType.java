package btrfs.workbench.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.bouncycastle.crypto.digests.Blake2bDigest;

import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The checksum algorithms a btrfs filesystem can use for its metadata and data
 * blocks, as recorded in the superblock's {@code csum_type}.
 * <p>
 * {@link #compute} returns the digest exactly as btrfs stores it on disk, so
 * it can be compared byte for byte with the first {@link #size()} bytes of a
 * block's 32-byte checksum field.
 */
public enum ChecksumType {

    CRC32C(0, 4, "crc32c") {
        @Override
        byte[] digest(ByteBuffer region) {
            CRC32C crc = new CRC32C();
            crc.update(region);
            // btrfs stores the 32-bit crc little-endian.
            return littleEndian((int) crc.getValue());
        }
    },

    XXHASH(1, 8, "xxhash64") {
        @Override
        byte[] digest(ByteBuffer region) {
            long hash = XXHASH64.hash(region, region.position(), region.remaining(), 0L);
            // btrfs stores the 64-bit hash (seed 0) little-endian.
            return littleEndian(hash);
        }
    },

    SHA256(2, 32, "sha256") {
        @Override
        byte[] digest(ByteBuffer region) {
            MessageDigest sha = newSha256();
            sha.update(region);
            return sha.digest();
        }
    },

    /** BLAKE2b with a 256-bit digest and no key. */
    BLAKE2(3, 32, "blake2b") {
        @Override
        byte[] digest(ByteBuffer region) {
            Blake2bDigest blake = new Blake2bDigest(256);
            byte[] chunk = new byte[Math.min(region.remaining(), 8192)];
            while (region.hasRemaining()) {
                int n = Math.min(chunk.length, region.remaining());
                region.get(chunk, 0, n);
                blake.update(chunk, 0, n);
            }
            byte[] out = new byte[blake.getDigestSize()];
            blake.doFinal(out, 0);
            return out;
        }
    };

    /** Width of the checksum field at the start of every btrfs block and of the superblock. */
    public static final int CSUM_FIELD_SIZE = 32;

    /* The safe (pure Java) instance: no native code, no Unsafe. Instances are thread-safe. */
    private static final XXHash64 XXHASH64 = XXHashFactory.safeInstance().hash64();

    private final int id;
    private final int size;
    private final String displayName;

    ChecksumType(int id, int size, String displayName) {
        this.id = id;
        this.size = size;
        this.displayName = displayName;
    }

    /** The value of {@code csum_type} on disk. */
    public int id() {
        return id;
    }

    /** Number of digest bytes actually used inside the 32-byte checksum field. */
    public int size() {
        return size;
    }

    /**
     * The name btrfs-progs prints for this type ({@code btrfs inspect-internal dump-super}).
     * btrfs-progs up to 6.2 printed "blake2" instead of "blake2b".
     */
    public String displayName() {
        return displayName;
    }

    /** The type for an on-disk {@code csum_type}, or empty for a value this tool does not know. */
    public static Optional<ChecksumType> fromId(int id) {
        for (ChecksumType type : values()) {
            if (type.id == id) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Digest of the remaining bytes of {@code region}, as btrfs stores it.
     * The position of {@code region} is not changed.
     */
    public byte[] compute(ByteBuffer region) {
        Objects.requireNonNull(region, "region");
        return digest(region.duplicate());
    }

    /** Digest of {@code len} bytes of {@code buf} starting at {@code off}, as btrfs stores it. */
    public byte[] compute(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        return digest(ByteBuffer.wrap(buf, off, len));
    }

    /** Consumes {@code region} from its position to its limit. */
    abstract byte[] digest(ByteBuffer region);

    private static byte[] littleEndian(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

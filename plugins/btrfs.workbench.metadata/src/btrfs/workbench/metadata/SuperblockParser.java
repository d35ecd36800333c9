package btrfs.workbench.metadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decodes and validates one 4096-byte superblock copy. All input is treated
 * as untrusted: every problem becomes a {@link SuperblockRead.Invalid}, never
 * an exception.
 * <p>
 * The checks are those of btrfs-progs' {@code btrfs_check_super()} and
 * {@code btrfs_read_dev_super()}, with the kernel's stricter rule that tree
 * roots are aligned to the sectorsize.
 */
public final class SuperblockParser {

    /** Size of a superblock copy on disk. */
    public static final int SUPERBLOCK_SIZE = 4096;

    /** "_BHRfS_M" read as a little-endian u64. */
    public static final long MAGIC = 0x4D5F53665248425FL;

    /** mkfs writes this magic first and the real one last, so a crashed mkfs is recognisable. */
    public static final long MAGIC_TEMPORARY = 0x4D5F536652484221L;

    /** Tree levels are 0..7. */
    public static final int MAX_LEVEL = 8;

    public static final int MIN_SECTORSIZE = 4 * 1024;

    /** Upper bound for both sectorsize and nodesize. */
    public static final int MAX_BLOCKSIZE = 64 * 1024;

    public static final int SYS_CHUNK_ARRAY_MAX = 2048;

    /** One disk key (17 bytes) and one chunk item with a single stripe (80 bytes). */
    static final int SYS_CHUNK_ARRAY_MIN = 17 + 80;

    // Offsets inside struct btrfs_super_block (all fields little-endian, packed).
    private static final int OFF_CSUM = 0;
    private static final int OFF_FSID = 32;
    private static final int OFF_BYTENR = 48;
    private static final int OFF_FLAGS = 56;
    private static final int OFF_MAGIC = 64;
    private static final int OFF_GENERATION = 72;
    private static final int OFF_ROOT = 80;
    private static final int OFF_CHUNK_ROOT = 88;
    private static final int OFF_LOG_ROOT = 96;
    // 104: __unused_log_root_transid
    private static final int OFF_TOTAL_BYTES = 112;
    private static final int OFF_BYTES_USED = 120;
    private static final int OFF_ROOT_DIR_OBJECTID = 128;
    private static final int OFF_NUM_DEVICES = 136;
    private static final int OFF_SECTORSIZE = 144;
    private static final int OFF_NODESIZE = 148;
    // 152: __unused_leafsize
    private static final int OFF_STRIPESIZE = 156;
    private static final int OFF_SYS_CHUNK_ARRAY_SIZE = 160;
    private static final int OFF_CHUNK_ROOT_GENERATION = 164;
    private static final int OFF_COMPAT_FLAGS = 172;
    private static final int OFF_COMPAT_RO_FLAGS = 180;
    private static final int OFF_INCOMPAT_FLAGS = 188;
    private static final int OFF_CSUM_TYPE = 196;
    private static final int OFF_ROOT_LEVEL = 198;
    private static final int OFF_CHUNK_ROOT_LEVEL = 199;
    private static final int OFF_LOG_ROOT_LEVEL = 200;
    private static final int OFF_DEV_ITEM = 201;
    private static final int OFF_LABEL = 299;
    private static final int LABEL_SIZE = 256;
    private static final int OFF_CACHE_GENERATION = 555;
    private static final int OFF_UUID_TREE_GENERATION = 563;
    private static final int OFF_METADATA_UUID = 571;
    private static final int OFF_NR_GLOBAL_ROOTS = 587;
    private static final int OFF_SYS_CHUNK_ARRAY = 811;

    private SuperblockParser() {
    }

    /**
     * Parses the superblock copy that starts at the position of {@code block}
     * and was read from device offset {@code expectedBytenr}. The buffer's
     * position and contents are not changed.
     */
    public static SuperblockRead parse(ByteBuffer block, long expectedBytenr) {
        Objects.requireNonNull(block, "block");
        if (block.remaining() < SUPERBLOCK_SIZE) {
            return SuperblockRead.Invalid.notBtrfs(expectedBytenr,
                    "truncated: a superblock has " + SUPERBLOCK_SIZE + " bytes, got only " + block.remaining());
        }
        byte[] b = new byte[SUPERBLOCK_SIZE];
        block.duplicate().get(b);
        return parse(b, expectedBytenr);
    }

    private static SuperblockRead parse(byte[] b, long expectedBytenr) {
        long magic = DiskBytes.u64(b, OFF_MAGIC);
        if (magic == MAGIC_TEMPORARY) {
            return invalid(expectedBytenr, "temporary btrfs magic: mkfs or a conversion did not finish");
        }
        if (magic != MAGIC) {
            return SuperblockRead.Invalid.notBtrfs(expectedBytenr, "no btrfs magic");
        }
        int csumTypeId = DiskBytes.u16(b, OFF_CSUM_TYPE);
        Optional<ChecksumType> csumType = ChecksumType.fromId(csumTypeId);
        if (csumType.isEmpty()) {
            return invalid(expectedBytenr, "unknown checksum type " + csumTypeId);
        }
        String problem = checkChecksum(b, csumType.get());
        if (problem == null) {
            problem = checkBytenr(b, expectedBytenr);
        }
        if (problem == null) {
            problem = checkMembers(b);
        }
        if (problem != null) {
            return invalid(expectedBytenr, problem);
        }
        return new SuperblockRead.Valid(decode(b, csumType.get()));
    }

    private static SuperblockRead invalid(long bytenr, String reason) {
        return SuperblockRead.Invalid.damaged(bytenr, reason);
    }

    /** The checksum covers everything after the 32-byte checksum field. */
    private static String checkChecksum(byte[] b, ChecksumType type) {
        byte[] computed = type.compute(b, ChecksumType.CSUM_FIELD_SIZE,
                SUPERBLOCK_SIZE - ChecksumType.CSUM_FIELD_SIZE);
        byte[] stored = Arrays.copyOfRange(b, OFF_CSUM, OFF_CSUM + type.size());
        if (Arrays.equals(stored, computed)) {
            return null;
        }
        return "checksum mismatch (stored " + DiskBytes.hex(stored) + ", computed " + DiskBytes.hex(computed) + ")";
    }

    /** A copy found elsewhere than it claims (e.g. inside an image of another fs) is not trusted. */
    private static String checkBytenr(byte[] b, long expectedBytenr) {
        long bytenr = DiskBytes.u64(b, OFF_BYTENR);
        if (bytenr == expectedBytenr) {
            return null;
        }
        return "bytenr field " + Long.toUnsignedString(bytenr) + " does not match offset "
                + Long.toUnsignedString(expectedBytenr);
    }

    /** Sanity checks of the members; the first problem found is reported. */
    private static String checkMembers(byte[] b) {
        String problem = checkLevels(b);
        if (problem == null) {
            problem = checkSizes(b);
        }
        if (problem == null) {
            problem = checkRootAlignment(b);
        }
        if (problem == null) {
            problem = checkCounts(b);
        }
        if (problem == null) {
            problem = checkDevItemFsid(b);
        }
        if (problem == null) {
            problem = checkSysChunkArraySize(b);
        }
        return problem;
    }

    private static String checkLevels(byte[] b) {
        String problem = checkLevel("root", DiskBytes.u8(b, OFF_ROOT_LEVEL));
        if (problem == null) {
            problem = checkLevel("chunk_root", DiskBytes.u8(b, OFF_CHUNK_ROOT_LEVEL));
        }
        if (problem == null) {
            problem = checkLevel("log_root", DiskBytes.u8(b, OFF_LOG_ROOT_LEVEL));
        }
        return problem;
    }

    private static String checkLevel(String tree, int level) {
        return level < MAX_LEVEL ? null : tree + " level " + level + " is not below " + MAX_LEVEL;
    }

    private static String checkSizes(byte[] b) {
        long sectorsize = DiskBytes.u32(b, OFF_SECTORSIZE);
        long nodesize = DiskBytes.u32(b, OFF_NODESIZE);
        long stripesize = DiskBytes.u32(b, OFF_STRIPESIZE);
        if (!isPowerOfTwo(sectorsize) || sectorsize < MIN_SECTORSIZE || sectorsize > MAX_BLOCKSIZE) {
            return "sectorsize " + sectorsize + " is not a power of two in [4 KiB, 64 KiB]";
        }
        if (!isPowerOfTwo(nodesize) || nodesize < sectorsize || nodesize > MAX_BLOCKSIZE) {
            return "nodesize " + nodesize + " is not a power of two in [sectorsize, 64 KiB]";
        }
        // btrfs-progs accepts the historical fixed 4096 as well as the sectorsize.
        if (stripesize != 4096 && stripesize != sectorsize) {
            return "stripesize " + stripesize + " is neither 4096 nor the sectorsize " + sectorsize;
        }
        return null;
    }

    private static String checkRootAlignment(byte[] b) {
        long sectorsize = DiskBytes.u32(b, OFF_SECTORSIZE);
        String problem = checkAligned("root", DiskBytes.u64(b, OFF_ROOT), sectorsize);
        if (problem == null) {
            problem = checkAligned("chunk_root", DiskBytes.u64(b, OFF_CHUNK_ROOT), sectorsize);
        }
        if (problem == null) {
            problem = checkAligned("log_root", DiskBytes.u64(b, OFF_LOG_ROOT), sectorsize);
        }
        return problem;
    }

    private static String checkAligned(String tree, long bytenr, long sectorsize) {
        if (Long.remainderUnsigned(bytenr, sectorsize) == 0) {
            return null;
        }
        return tree + " " + Long.toUnsignedString(bytenr) + " is not aligned to sectorsize " + sectorsize;
    }

    private static String checkCounts(byte[] b) {
        long totalBytes = DiskBytes.u64(b, OFF_TOTAL_BYTES);
        long bytesUsed = DiskBytes.u64(b, OFF_BYTES_USED);
        long nodesize = DiskBytes.u32(b, OFF_NODESIZE);
        long numDevices = DiskBytes.u64(b, OFF_NUM_DEVICES);
        if (totalBytes == 0) {
            return "total_bytes is 0";
        }
        // Even an empty filesystem has six trees (root, extent, chunk, dev, fs, csum) of one node each.
        if (Long.compareUnsigned(bytesUsed, 6 * nodesize) < 0) {
            return "bytes_used " + Long.toUnsignedString(bytesUsed) + " is less than 6 * nodesize "
                    + nodesize;
        }
        if (numDevices == 0) {
            return "num_devices is 0";
        }
        return null;
    }

    /** The device item carries the uuid written into tree blocks, which is the metadata uuid. */
    private static String checkDevItemFsid(byte[] b) {
        UUID metadataUuid = metadataUuid(b);
        UUID devFsid = DiskBytes.uuid(b, OFF_DEV_ITEM + 82);
        if (devFsid.equals(metadataUuid)) {
            return null;
        }
        return "dev_item fsid " + devFsid + " does not match metadata uuid " + metadataUuid;
    }

    private static String checkSysChunkArraySize(byte[] b) {
        long size = DiskBytes.u32(b, OFF_SYS_CHUNK_ARRAY_SIZE);
        if (size > SYS_CHUNK_ARRAY_MAX) {
            return "sys_chunk_array_size " + size + " exceeds " + SYS_CHUNK_ARRAY_MAX;
        }
        // Without at least one system chunk the chunk tree cannot be located.
        if (size < SYS_CHUNK_ARRAY_MIN) {
            return "sys_chunk_array_size " + size + " is too small for one chunk (" + SYS_CHUNK_ARRAY_MIN
                    + " bytes)";
        }
        return null;
    }

    private static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }

    /** With METADATA_UUID the fsid may be changed without rewriting every tree block. */
    private static UUID metadataUuid(byte[] b) {
        long incompat = DiskBytes.u64(b, OFF_INCOMPAT_FLAGS);
        int off = (incompat & FlagNames.INCOMPAT_METADATA_UUID) != 0 ? OFF_METADATA_UUID : OFF_FSID;
        return DiskBytes.uuid(b, off);
    }

    private static String label(byte[] b) {
        int end = OFF_LABEL;
        while (end < OFF_LABEL + LABEL_SIZE && b[end] != 0) {
            end++;
        }
        // Malformed UTF-8 is replaced, not rejected: the label is informational.
        return new String(b, OFF_LABEL, end - OFF_LABEL, StandardCharsets.UTF_8);
    }

    /** Builds the record; only called after all checks passed, so the sizes fit in an int. */
    private static Superblock decode(byte[] b, ChecksumType csumType) {
        int sysChunkArraySize = (int) DiskBytes.u32(b, OFF_SYS_CHUNK_ARRAY_SIZE);
        return new Superblock(
                Arrays.copyOfRange(b, OFF_CSUM, OFF_CSUM + csumType.size()),
                DiskBytes.u64(b, OFF_BYTENR),
                DiskBytes.u64(b, OFF_FLAGS),
                DiskBytes.u64(b, OFF_MAGIC),
                DiskBytes.uuid(b, OFF_FSID),
                DiskBytes.u64(b, OFF_GENERATION),
                DiskBytes.u64(b, OFF_ROOT),
                DiskBytes.u64(b, OFF_CHUNK_ROOT),
                DiskBytes.u64(b, OFF_LOG_ROOT),
                DiskBytes.u64(b, OFF_TOTAL_BYTES),
                DiskBytes.u64(b, OFF_BYTES_USED),
                DiskBytes.u64(b, OFF_ROOT_DIR_OBJECTID),
                DiskBytes.u64(b, OFF_NUM_DEVICES),
                (int) DiskBytes.u32(b, OFF_SECTORSIZE),
                (int) DiskBytes.u32(b, OFF_NODESIZE),
                (int) DiskBytes.u32(b, OFF_STRIPESIZE),
                sysChunkArraySize,
                DiskBytes.u64(b, OFF_CHUNK_ROOT_GENERATION),
                DiskBytes.u64(b, OFF_COMPAT_FLAGS),
                DiskBytes.u64(b, OFF_COMPAT_RO_FLAGS),
                DiskBytes.u64(b, OFF_INCOMPAT_FLAGS),
                DiskBytes.u16(b, OFF_CSUM_TYPE),
                DiskBytes.u8(b, OFF_ROOT_LEVEL),
                DiskBytes.u8(b, OFF_CHUNK_ROOT_LEVEL),
                DiskBytes.u8(b, OFF_LOG_ROOT_LEVEL),
                DevItem.decode(b, OFF_DEV_ITEM),
                label(b),
                DiskBytes.u64(b, OFF_CACHE_GENERATION),
                DiskBytes.u64(b, OFF_UUID_TREE_GENERATION),
                metadataUuid(b),
                DiskBytes.u64(b, OFF_NR_GLOBAL_ROOTS),
                Arrays.copyOfRange(b, OFF_SYS_CHUNK_ARRAY, OFF_SYS_CHUNK_ARRAY + sysChunkArraySize));
    }
}

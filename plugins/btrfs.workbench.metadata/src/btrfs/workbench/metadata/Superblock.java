package btrfs.workbench.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A decoded and validated {@code struct btrfs_super_block}. Instances come
 * from {@link SuperblockParser}, which only builds one after the magic,
 * checksum and member checks passed.
 * <p>
 * u64 fields are Java longs: values above {@link Long#MAX_VALUE} (for example
 * a {@code cache_generation} of (u64)-1 meaning "space cache v1 disabled")
 * appear negative; use {@link Long#toUnsignedString(long)} and
 * {@link Long#compareUnsigned(long, long)}. The u32 sizes are validated and
 * small, so they are ints.
 *
 * @param csum                the stored checksum, {@code csumType().size()} bytes
 * @param bytenr              where this copy lives on the device (64 KiB, 64 MiB or 256 GiB)
 * @param flags               superblock flags, see {@link FlagNames#SUPER}
 * @param magic               the magic number, {@link SuperblockParser#MAGIC} for a btrfs superblock
 * @param fsid                the filesystem uuid users see
 * @param generation          transaction id of the commit that wrote this copy
 * @param root                logical address of the root tree root
 * @param chunkRoot           logical address of the chunk tree root
 * @param logRoot             logical address of the log tree root, 0 if there is no log
 * @param totalBytes          size of the filesystem over all devices
 * @param bytesUsed           bytes used by the filesystem
 * @param rootDirObjectid     objectid of the root directory item in the root tree (normally 6)
 * @param numDevices          number of devices in the filesystem
 * @param sectorsize          minimum data block size
 * @param nodesize            size of a tree block
 * @param stripesize          stripe size (equals sectorsize nowadays)
 * @param sysChunkArraySize   number of bytes used in the sys_chunk_array
 * @param chunkRootGeneration generation of the chunk tree root
 * @param compatFlags         compat features, see {@link FlagNames#COMPAT}
 * @param compatRoFlags       compat_ro features, see {@link FlagNames#COMPAT_RO}
 * @param incompatFlags       incompat features, see {@link FlagNames#INCOMPAT}
 * @param csumTypeId          the raw {@code csum_type}; always a known type in a parsed superblock
 * @param rootLevel           level of the root tree root
 * @param chunkRootLevel      level of the chunk tree root
 * @param logRootLevel        level of the log tree root
 * @param devItem             the item of the device this copy was read from
 * @param label               the label, UTF-8 up to the first NUL
 * @param cacheGeneration     generation of the v1 space cache, (u64)-1 when it is off
 * @param uuidTreeGeneration  generation of the uuid tree
 * @param metadataUuid        the uuid stamped into tree blocks: {@code fsid} unless
 *                            {@link FlagNames#INCOMPAT_METADATA_UUID} is set
 * @param nrGlobalRoots       number of global roots (extent-tree-v2 only, else 0)
 * @param sysChunkArray       the used part of sys_chunk_array ({@code sysChunkArraySize} bytes):
 *                            the chunk items needed to read the chunk tree
 */
public record Superblock(
        byte[] csum,
        long bytenr,
        long flags,
        long magic,
        UUID fsid,
        long generation,
        long root,
        long chunkRoot,
        long logRoot,
        long totalBytes,
        long bytesUsed,
        long rootDirObjectid,
        long numDevices,
        int sectorsize,
        int nodesize,
        int stripesize,
        int sysChunkArraySize,
        long chunkRootGeneration,
        long compatFlags,
        long compatRoFlags,
        long incompatFlags,
        int csumTypeId,
        int rootLevel,
        int chunkRootLevel,
        int logRootLevel,
        DevItem devItem,
        String label,
        long cacheGeneration,
        long uuidTreeGeneration,
        UUID metadataUuid,
        long nrGlobalRoots,
        byte[] sysChunkArray) {

    public Superblock {
        // Arrays are copied in and out so that the record stays immutable.
        csum = Objects.requireNonNull(csum, "csum").clone();
        sysChunkArray = Objects.requireNonNull(sysChunkArray, "sysChunkArray").clone();
        Objects.requireNonNull(fsid, "fsid");
        Objects.requireNonNull(devItem, "devItem");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(metadataUuid, "metadataUuid");
    }

    /** A copy of the stored checksum bytes. */
    @Override
    public byte[] csum() {
        return csum.clone();
    }

    /** A copy of the used part of the sys_chunk_array. */
    @Override
    public byte[] sysChunkArray() {
        return sysChunkArray.clone();
    }

    /** The sys_chunk_array as a read-only little-endian view, without copying. */
    public ByteBuffer sysChunkArrayBuffer() {
        // asReadOnlyBuffer() resets the byte order, so set it afterwards.
        return ByteBuffer.wrap(sysChunkArray).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The stored checksum as {@code 0x}-prefixed lowercase hex, like btrfs-progs prints it. */
    public String csumHex() {
        return DiskBytes.hex(csum);
    }

    public boolean magicOk() {
        return magic == SuperblockParser.MAGIC;
    }

    /** The checksum algorithm, empty only if {@link #csumTypeId()} is unknown. */
    public Optional<ChecksumType> csumType() {
        return ChecksumType.fromId(csumTypeId);
    }

    public boolean hasIncompat(long bit) {
        return (incompatFlags & bit) != 0;
    }

    public boolean hasCompatRo(long bit) {
        return (compatRoFlags & bit) != 0;
    }

    public boolean hasFlag(long bit) {
        return (flags & bit) != 0;
    }

    public List<String> flagNames() {
        return FlagNames.SUPER.names(flags);
    }

    public List<String> compatFlagNames() {
        return FlagNames.COMPAT.names(compatFlags);
    }

    public List<String> compatRoFlagNames() {
        return FlagNames.COMPAT_RO.names(compatRoFlags);
    }

    public List<String> incompatFlagNames() {
        return FlagNames.INCOMPAT.names(incompatFlags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Superblock other
                && Arrays.equals(csum, other.csum)
                && Arrays.equals(sysChunkArray, other.sysChunkArray)
                && scalarFields().equals(other.scalarFields());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(csum) + Arrays.hashCode(sysChunkArray)) + scalarFields().hashCode();
    }

    @Override
    public String toString() {
        return "Superblock[bytenr=" + bytenr
                + ", generation=" + Long.toUnsignedString(generation)
                + ", fsid=" + fsid
                + ", label=" + label
                + ", csumType=" + csumType().map(ChecksumType::displayName).orElse(Integer.toString(csumTypeId))
                + ", csum=" + csumHex()
                + ", root=" + Long.toUnsignedString(root)
                + ", chunkRoot=" + Long.toUnsignedString(chunkRoot)
                + ", nodesize=" + nodesize
                + ", sectorsize=" + sectorsize
                + ", devid=" + Long.toUnsignedString(devItem.devid())
                + ", numDevices=" + Long.toUnsignedString(numDevices) + "]";
    }

    /** Every component except the two arrays, for equals and hashCode. */
    private List<Object> scalarFields() {
        return List.of(bytenr, flags, magic, fsid, generation, root, chunkRoot, logRoot, totalBytes,
                bytesUsed, rootDirObjectid, numDevices, sectorsize, nodesize, stripesize, sysChunkArraySize,
                chunkRootGeneration, compatFlags, compatRoFlags, incompatFlags, csumTypeId, rootLevel,
                chunkRootLevel, logRootLevel, devItem, label, cacheGeneration, uuidTreeGeneration,
                metadataUuid, nrGlobalRoots);
    }
}

package btrfs.workbench.metadata.tree;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import btrfs.workbench.metadata.key.ObjectIds;

/**
 * {@code struct btrfs_header}, the first 101 bytes of every tree block.
 *
 * @param csum          the whole 32-byte checksum field (only the first csum-size bytes are used)
 * @param fsid          the metadata uuid the block was written for
 * @param bytenr        the logical address the block claims to live at
 * @param flags         header flags (WRITTEN, RELOC), without the backref revision byte
 * @param backrefRev    backref revision, the top byte of the flags word (1 = mixed backrefs)
 * @param chunkTreeUuid uuid of the chunk tree, identical in all blocks of a filesystem
 * @param generation    transaction that wrote the block
 * @param owner         id of the tree that created the block
 * @param nritems       number of key pointers (node) or items (leaf)
 * @param level         0 for a leaf, above for nodes
 */
public record Header(
        byte[] csum,
        UUID fsid,
        long bytenr,
        long flags,
        int backrefRev,
        UUID chunkTreeUuid,
        long generation,
        long owner,
        long nritems,
        int level) {

    public static final int SIZE = 101;
    public static final int CSUM_SIZE = 32;

    public static final long FLAG_WRITTEN = 1L << 0;
    public static final long FLAG_RELOC = 1L << 1;

    private static final int OFF_FSID = 32;
    private static final int OFF_BYTENR = 48;
    private static final int OFF_FLAGS = 56;
    private static final int OFF_CHUNK_TREE_UUID = 64;
    private static final int OFF_GENERATION = 80;
    private static final int OFF_OWNER = 88;
    private static final int OFF_NRITEMS = 96;
    private static final int OFF_LEVEL = 100;
    /** The backref revision lives in the top 8 bits of the 64-bit flags word. */
    private static final int BACKREF_REV_SHIFT = 56;

    public Header {
        csum = Objects.requireNonNull(csum, "csum").clone();
        Objects.requireNonNull(fsid, "fsid");
        Objects.requireNonNull(chunkTreeUuid, "chunkTreeUuid");
    }

    /** Decodes the header at the start of {@code block}; the caller guarantees {@link #SIZE} bytes. */
    public static Header read(ByteBuffer block) {
        ByteBuffer le = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] csum = new byte[CSUM_SIZE];
        le.get(0, csum);
        long flagsWord = le.getLong(OFF_FLAGS);
        return new Header(csum,
                uuid(le, OFF_FSID),
                le.getLong(OFF_BYTENR),
                flagsWord & ((1L << BACKREF_REV_SHIFT) - 1),
                (int) (flagsWord >>> BACKREF_REV_SHIFT),
                uuid(le, OFF_CHUNK_TREE_UUID),
                le.getLong(OFF_GENERATION),
                le.getLong(OFF_OWNER),
                Integer.toUnsignedLong(le.getInt(OFF_NRITEMS)),
                le.get(OFF_LEVEL) & 0xff);
    }

    /** uuids are raw bytes printed in order; reading both halves big-endian gives the same text. */
    static UUID uuid(ByteBuffer b, int off) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(off), be.getLong(off + 8));
    }

    @Override
    public byte[] csum() {
        return csum.clone();
    }

    public boolean isLeaf() {
        return level == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && Arrays.equals(csum, h.csum) && fsid.equals(h.fsid)
                && bytenr == h.bytenr && flags == h.flags && backrefRev == h.backrefRev
                && chunkTreeUuid.equals(h.chunkTreeUuid) && generation == h.generation && owner == h.owner
                && nritems == h.nritems && level == h.level;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(csum), fsid, bytenr, flags, generation, owner, nritems, level);
    }

    @Override
    public String toString() {
        return (level == 0 ? "leaf " : "node ") + Long.toUnsignedString(bytenr) + " level " + level + " items "
                + nritems + " generation " + Long.toUnsignedString(generation) + " owner "
                + ObjectIds.treeName(owner) + " csum 0x" + HexFormat.of().formatHex(csum);
    }
}

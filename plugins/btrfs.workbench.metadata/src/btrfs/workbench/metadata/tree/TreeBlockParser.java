package btrfs.workbench.metadata.tree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import btrfs.workbench.metadata.ChecksumType;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.BlockProblem.Kind;

/**
 * Validates the raw bytes of one copy of a tree block and decodes it. The
 * checks follow the kernel's read path (validate_extent_buffer, the tree
 * checker's check_node/check_leaf, verify_parent_transid and
 * btrfs_verify_level_key): first what identifies the block (bytenr, fsid,
 * level range, checksum), then its structure, then what the referrer expects.
 */
public final class TreeBlockParser {

    /** Tree levels are 0..7 (BTRFS_MAX_LEVEL is 8). */
    public static final int MAX_LEVEL = 8;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final ChecksumType csumType;
    private final UUID metadataUuid;

    public TreeBlockParser(ChecksumType csumType, UUID metadataUuid) {
        this.csumType = csumType;
        this.metadataUuid = metadataUuid;
    }

    /** A parsed block, or the first reason it is not usable. */
    public record Result(TreeBlock block, Kind problem, String reason) {
        static Result ok(TreeBlock block) {
            return new Result(block, null, null);
        }

        static Result bad(Kind kind, String reason) {
            return new Result(null, kind, reason);
        }

        public boolean isOk() {
            return block != null;
        }
    }

    /**
     * Checks and decodes {@code raw} (exactly one block) read for address {@code logical}. The
     * result owns {@code raw} (a leaf keeps it for its items' data): the caller must not change it.
     */
    public Result parse(byte[] raw, long logical, BlockExpectation expect) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Header header = Header.read(b);
        Result identity = checkIdentity(raw, header, logical);
        if (identity != null) {
            return identity;
        }
        Result structure = header.isLeaf() ? parseLeaf(raw, header) : parseNode(raw, header);
        if (!structure.isOk()) {
            return structure;
        }
        Result expected = checkExpectation(structure.block(), expect);
        return expected != null ? expected : structure;
    }

    private Result checkIdentity(byte[] raw, Header header, long logical) {
        if (header.bytenr() != logical) {
            return Result.bad(Kind.BYTENR_MISMATCH, "header bytenr " + Long.toUnsignedString(header.bytenr())
                    + " is not the address read");
        }
        if (!header.fsid().equals(metadataUuid)) {
            return Result.bad(Kind.FSID_MISMATCH, "header fsid " + header.fsid() + " is not the metadata uuid "
                    + metadataUuid);
        }
        if (header.level() >= MAX_LEVEL) {
            return Result.bad(Kind.BAD_LEVEL, "level " + header.level() + " is not below " + MAX_LEVEL);
        }
        byte[] computed = csumType.compute(raw, Header.CSUM_SIZE, raw.length - Header.CSUM_SIZE);
        byte[] stored = Arrays.copyOf(raw, csumType.size());
        if (!Arrays.equals(stored, computed)) {
            return Result.bad(Kind.CHECKSUM_MISMATCH, csumType.displayName() + " stored 0x"
                    + HexFormat.of().formatHex(stored) + ", computed 0x" + HexFormat.of().formatHex(computed));
        }
        return null;
    }

    private static Result parseNode(byte[] raw, Header header) {
        long nritems = header.nritems();
        int max = TreeBlock.maxPointers(raw.length);
        // An empty node would leave its subtree unreachable; the tree checker refuses it.
        if (nritems == 0 || nritems > max) {
            return Result.bad(Kind.BAD_NRITEMS, "node has " + nritems + " pointers, must be 1.." + max);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        List<NodePointer> pointers = new ArrayList<>((int) nritems);
        for (int i = 0; i < nritems; i++) {
            int off = Header.SIZE + i * NodePointer.SIZE;
            pointers.add(new NodePointer(Key.read(b, off), b.getLong(off + Key.SIZE), b.getLong(off + Key.SIZE + 8)));
        }
        Result order = checkKeyOrder(pointers.stream().map(NodePointer::key).toList());
        return order != null ? order : Result.ok(new Node(header, raw.length, pointers));
    }

    /**
     * Validates the item headers in place (nothing allocated per item: a readahead reads leaves
     * only to check them); the leaf decodes its items when asked.
     */
    private static Result parseLeaf(byte[] raw, Header header) {
        long nritems = header.nritems();
        int dataSize = TreeBlock.leafDataSize(raw.length);
        if (nritems * LeafItem.SIZE > dataSize) {
            return Result.bad(Kind.BAD_NRITEMS, "leaf claims " + nritems + " items, room for at most "
                    + dataSize / LeafItem.SIZE);
        }
        long headersEnd = nritems * LeafItem.SIZE;
        for (int i = 0; i < nritems; i++) {
            int off = Header.SIZE + i * LeafItem.SIZE;
            long dataOffset = Integer.toUnsignedLong((int) LE_INT.get(raw, off + Key.SIZE));
            long dataLength = Integer.toUnsignedLong((int) LE_INT.get(raw, off + Key.SIZE + 4));
            // Item data grows down from the end of the block; it must stay clear of the item headers.
            if (dataOffset < headersEnd || dataOffset + dataLength > dataSize) {
                return Result.bad(Kind.BAD_ITEM, "item " + i + " data [" + dataOffset + ", "
                        + (dataOffset + dataLength) + ") outside [" + headersEnd + ", " + dataSize + ")");
            }
            if (i > 0 && Key.compareEncoded(raw, off - LeafItem.SIZE, off) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                return keyOrderBroken(i, Key.read(b, off), Key.read(b, off - LeafItem.SIZE));
            }
        }
        return Result.ok(new Leaf(header, raw));
    }

    /** Binary search in a block relies on strictly ascending keys. */
    private static Result checkKeyOrder(List<Key> keys) {
        for (int i = 1; i < keys.size(); i++) {
            if (!keys.get(i - 1).isBefore(keys.get(i))) {
                return keyOrderBroken(i, keys.get(i), keys.get(i - 1));
            }
        }
        return null;
    }

    private static Result keyOrderBroken(int i, Key key, Key previous) {
        return Result.bad(Kind.KEY_ORDER, "key " + i + " " + key + " is not after key " + (i - 1) + " " + previous);
    }

    private static Result checkExpectation(TreeBlock block, BlockExpectation expect) {
        if (expect.level() != BlockExpectation.ANY_LEVEL && block.level() != expect.level()) {
            return Result.bad(Kind.LEVEL_MISMATCH, "level " + block.level() + ", expected " + expect.level());
        }
        if (expect.generation() != BlockExpectation.ANY_GENERATION && block.generation() != expect.generation()) {
            return Result.bad(Kind.GENERATION_MISMATCH, "generation " + Long.toUnsignedString(block.generation())
                    + ", expected " + Long.toUnsignedString(expect.generation()));
        }
        Key first = block.firstKey();
        if (expect.firstKey() != null && first != null && !first.equals(expect.firstKey())) {
            return Result.bad(Kind.FIRST_KEY_MISMATCH, "first key " + first + ", parent says "
                    + expect.firstKey());
        }
        return null;
    }
}

package btrfs.workbench.metadata.tree;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.key.Key;

/** A leaf (level 0): items in key order and the raw block for their data. */
public final class Leaf implements TreeBlock {

    private final Header header;
    private final byte[] block;
    /** Decoded on first use (a readahead never asks): the same list whichever thread decodes. */
    private volatile List<LeafItem> items;

    /**
     * {@code block} must not be changed afterwards and its item headers must have passed the
     * parser's checks; the parser hands over the block it was given, which nobody changes.
     */
    Leaf(Header header, byte[] block) {
        this.header = Objects.requireNonNull(header, "header");
        this.block = Objects.requireNonNull(block, "block");
    }

    @Override
    public Header header() {
        return header;
    }

    @Override
    public int size() {
        return block.length;
    }

    public List<LeafItem> items() {
        List<LeafItem> decoded = items;
        if (decoded == null) {
            decoded = decodeItems();
            items = decoded;
        }
        return decoded;
    }

    private List<LeafItem> decodeItems() {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        LeafItem[] decoded = new LeafItem[nritems()];
        for (int i = 0; i < decoded.length; i++) {
            int off = Header.SIZE + i * LeafItem.SIZE;
            decoded[i] = new LeafItem(Key.read(b, off), b.getInt(off + Key.SIZE), b.getInt(off + Key.SIZE + 4));
        }
        return List.of(decoded);
    }

    @Override
    public List<Key> keys() {
        return items().stream().map(LeafItem::key).toList();
    }

    @Override
    public Key firstKey() {
        return nritems() == 0 ? null : Key.read(ByteBuffer.wrap(block), Header.SIZE);
    }

    /**
     * Free bytes as btrfs-progs computes them: the data area minus the item
     * headers and the span from the last item's data to the first item's end.
     */
    @Override
    public int freeSpace() {
        int dataSize = TreeBlock.leafDataSize(block.length);
        List<LeafItem> items = items();
        if (items.isEmpty()) {
            return dataSize;
        }
        LeafItem first = items.get(0);
        LeafItem last = items.get(items.size() - 1);
        int used = first.offset() + first.size() - last.offset() + items.size() * LeafItem.SIZE;
        return dataSize - used;
    }

    /** The data of item {@code index}: a read-only little-endian buffer of exactly its size. */
    public ByteBuffer itemData(int index) {
        LeafItem item = items().get(index);
        return ByteBuffer.wrap(block, item.dataStart(), item.size()).slice().asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the whole block. */
    public byte[] bytes() {
        return block.clone();
    }

    @Override
    public String toString() {
        return "Leaf[" + header + "]";
    }
}

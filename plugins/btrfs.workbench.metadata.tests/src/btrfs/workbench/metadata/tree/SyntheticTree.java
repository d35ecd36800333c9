package btrfs.workbench.metadata.tree;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import btrfs.workbench.metadata.ChecksumType;
import btrfs.workbench.metadata.chunk.BlockGroupType;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.io.DeviceMap;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;

/**
 * Hand-made tree blocks on an in-memory device: one SINGLE chunk at logical {@link #START}
 * mapped to physical 0 of devid 1, 4 KiB nodes, crc32c. Tests build valid and broken trees
 * with it and read them through the real {@link BlockReader}. Public for the tests of other
 * packages that read items (subvolumes in {@code fs}).
 */
public final class SyntheticTree {

    public static final int NODESIZE = 4096;
    static final long START = 1L << 20;
    static final UUID FSID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID CHUNK_TREE_UUID = UUID.fromString("66666666-7777-8888-9999-000000000000");
    static final long OWNER = 5;

    private final byte[] device = new byte[1 << 20];

    /** Block number n lives at logical START + n * NODESIZE. */
    public static long at(int n) {
        return START + (long) n * NODESIZE;
    }

    /** A leaf with one 10-byte item per key, data filled with the item index. */
    static byte[] leaf(long bytenr, long generation, List<Key> keys) {
        ByteBuffer b = header(bytenr, 0, generation, keys.size());
        int dataEnd = NODESIZE - Header.SIZE;
        for (int i = 0; i < keys.size(); i++) {
            int off = Header.SIZE + i * LeafItem.SIZE;
            putKey(b, off, keys.get(i));
            dataEnd -= 10;
            b.putInt(off + Key.SIZE, dataEnd).putInt(off + Key.SIZE + 4, 10);
            for (int j = 0; j < 10; j++) {
                b.put(Header.SIZE + dataEnd + j, (byte) i);
            }
        }
        return seal(b.array());
    }

    /** An item and its data, for leaves whose item contents are read. */
    public record Item(Key key, byte[] data) {
    }

    /** A leaf holding {@code items} (in key order) with their data, packed from the block's end. */
    public static byte[] leafWithData(long bytenr, long generation, List<Item> items) {
        ByteBuffer b = header(bytenr, 0, generation, items.size());
        int dataEnd = NODESIZE - Header.SIZE;
        for (int i = 0; i < items.size(); i++) {
            int off = Header.SIZE + i * LeafItem.SIZE;
            byte[] data = items.get(i).data();
            dataEnd -= data.length;
            if (dataEnd < items.size() * LeafItem.SIZE) {
                throw new IllegalArgumentException("items do not fit into one " + NODESIZE + "-byte leaf");
            }
            putKey(b, off, items.get(i).key());
            b.putInt(off + Key.SIZE, dataEnd).putInt(off + Key.SIZE + 4, data.length);
            b.put(Header.SIZE + dataEnd, data);
        }
        return seal(b.array());
    }

    static byte[] node(long bytenr, int level, long generation, List<NodePointer> pointers) {
        ByteBuffer b = header(bytenr, level, generation, pointers.size());
        for (int i = 0; i < pointers.size(); i++) {
            int off = Header.SIZE + i * NodePointer.SIZE;
            putKey(b, off, pointers.get(i).key());
            b.putLong(off + Key.SIZE, pointers.get(i).blockptr());
            b.putLong(off + Key.SIZE + 8, pointers.get(i).generation());
        }
        return seal(b.array());
    }

    private static ByteBuffer header(long bytenr, int level, long generation, int nritems) {
        ByteBuffer b = ByteBuffer.allocate(NODESIZE).order(ByteOrder.LITTLE_ENDIAN);
        putUuid(b, 32, FSID);
        b.putLong(48, bytenr).putLong(56, Header.FLAG_WRITTEN | (1L << 56));
        putUuid(b, 64, CHUNK_TREE_UUID);
        b.putLong(80, generation).putLong(88, OWNER).putInt(96, nritems).put(100, (byte) level);
        return b;
    }

    private static void putKey(ByteBuffer b, int off, Key key) {
        b.putLong(off, key.objectid()).put(off + 8, (byte) key.type()).putLong(off + 9, key.offset());
    }

    private static void putUuid(ByteBuffer b, int off, UUID uuid) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        be.putLong(off, uuid.getMostSignificantBits()).putLong(off + 8, uuid.getLeastSignificantBits());
    }

    /** Recomputes the crc32c after a test changed the block, so later checks are reached. */
    static byte[] seal(byte[] block) {
        byte[] csum = ChecksumType.CRC32C.compute(block, Header.CSUM_SIZE, block.length - Header.CSUM_SIZE);
        System.arraycopy(csum, 0, block, 0, csum.length);
        return block;
    }

    static ByteBuffer le(byte[] block) {
        return ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    }

    static Key key(long objectid) {
        return new Key(objectid, KeyType.INODE_ITEM.code(), 0);
    }

    static NodePointer pointer(long objectid, long blockptr, long generation) {
        return new NodePointer(key(objectid), blockptr, generation);
    }

    /** Stores {@code block} at its own logical address. */
    public SyntheticTree put(byte[] block) {
        long bytenr = le(block).getLong(48);
        System.arraycopy(block, 0, device, (int) (bytenr - START), block.length);
        return this;
    }

    /** Stores {@code block} at the address of block {@code n}, whatever its header says. */
    SyntheticTree putAt(int n, byte[] block) {
        System.arraycopy(block, 0, device, (int) (at(n) - START), block.length);
        return this;
    }

    static TreeBlockParser parser() {
        return new TreeBlockParser(ChecksumType.CRC32C, FSID);
    }

    public BlockReader reader() {
        ChunkItem chunk = new ChunkItem(START, device.length, 2, 64 * 1024, BlockGroupType.METADATA, 4096, 4096,
                4096, 1, List.of(new Stripe(1, 0, new UUID(0, 1))));
        ChunkMap map = ChunkMap.of(List.of(chunk), new ArrayList<>());
        return new BlockReader(new DeviceMap(Map.of(1L, new MemoryDevice(device))), map, NODESIZE, 4096, parser());
    }

    public TreeWalker walker() {
        return new TreeWalker(reader());
    }

    /** A byte array as a device. */
    static final class MemoryDevice implements PositionalReader {
        private final byte[] bytes;

        MemoryDevice(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void readFully(long physical, ByteBuffer dst) throws IOException {
            if (physical + dst.remaining() > bytes.length) {
                throw new EOFException("beyond the end");
            }
            dst.put(bytes, (int) physical, dst.remaining());
        }

        @Override
        public long size() {
            return bytes.length;
        }
    }
}

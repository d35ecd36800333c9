package btrfs.workbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.SuperblockReader;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;
import btrfs.workbench.readahead.HookSeeds;
import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Runs before the fuzz tests: cuts their seeds from real blocks of every committed test array
 * (superblocks, sys_chunk_arrays and chunk items, nodes and leaves of every tree, tree shapes for
 * the engine) into each target's corpus directory below target/. The arrays are only read:
 * hashed before and after.
 */
class SeedCorpus {

    /** Nodes and leaves taken per tree: enough for every kind of block, few enough to fuzz fast. */
    private static final int BLOCKS_PER_KIND = 3;

    @Test
    void writesSeedsFromTheCommittedArrays() throws IOException {
        List<TestArray> arrays = TestArrays.all();
        List<Path> compressed = arrays.stream().flatMap(a -> a.compressedImages().stream()).toList();
        List<Path> unpacked = arrays.stream().flatMap(a -> a.unpackedImages().stream()).toList();
        Map<Path, String> before = hashes(compressed, unpacked);
        for (TestArray array : arrays) {
            seed(array);
        }
        assertEquals(before, hashes(compressed, unpacked), "seeding must not change any image");
        for (String target : List.of("SuperblockFuzzTest", "ChunkFuzzTest", "TreeBlockFuzzTest")) {
            assertTrue(count(FuzzCorpus.dir("btrfs.workbench.fuzz." + target, "fuzz")) >= arrays.size(), target);
        }
        assertTrue(count(HookSeeds.corpus()) >= arrays.size(), "hook seeds");
    }

    private static void seed(TestArray array) throws IOException {
        FilesystemOpen open = BtrfsFilesystem.openPaths(array.unpackedImages());
        try (BtrfsFilesystem fs = ((FilesystemOpen.Opened) open).filesystem()) {
            superblocks(array, fs);
            chunks(array, fs);
            for (TreeRoot root : fs.treeRoots()) {
                List<VisitedBlock> blocks = fs.collect(root, KeyRange.ALL).blocks();
                treeBlocks(array, fs, root, blocks);
                HookSeeds.write(array.name() + "-" + root.name(), root, blocks, fs.devices().size());
            }
        }
    }

    private static void superblocks(TestArray array, BtrfsFilesystem fs) throws IOException {
        Path dir = FuzzCorpus.dir(SuperblockFuzzTest.class.getName(), "fuzz");
        for (FsDevice device : fs.devices()) {
            if (device.present()) {
                FuzzCorpus.write(dir, array.name() + "-dev" + device.devid(),
                        read(device, SuperblockReader.PRIMARY_OFFSET, 4096));
            }
        }
    }

    /** The sys_chunk_array as it is, and the chunk tree's CHUNK_ITEMs laid out the same way. */
    private static void chunks(TestArray array, BtrfsFilesystem fs) {
        Path dir = FuzzCorpus.dir(ChunkFuzzTest.class.getName(), "fuzz");
        byte selector = (byte) Integer.numberOfTrailingZeros(fs.superblock().sectorsize() / 4096);
        FuzzCorpus.write(dir, array.name() + "-sys", prefixed(selector, fs.superblock().sysChunkArray()));
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        TreeRoot chunkTree = fs.treeRoots().get(1);
        fs.walker().forEachItem(chunkTree, KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (key.type() == KeyType.CHUNK_ITEM.code() && items.size() < 2048) {
                items.writeBytes(keyBytes(key));
                items.writeBytes(bytes(leaf.itemData(i)));
            }
        });
        FuzzCorpus.write(dir, array.name() + "-tree", prefixed(selector, items.toByteArray()));
    }

    /** The first few nodes and leaves of the tree, as raw blocks from the mirror they were read from. */
    private static void treeBlocks(TestArray array, BtrfsFilesystem fs, TreeRoot root, List<VisitedBlock> blocks)
            throws IOException {
        Path dir = FuzzCorpus.dir(TreeBlockFuzzTest.class.getName(), "fuzz");
        int nodes = 0;
        int leaves = 0;
        for (VisitedBlock block : blocks) {
            boolean leaf = block.block() instanceof Leaf;
            if ((leaf ? leaves++ : nodes++) < BLOCKS_PER_KIND) {
                FsDevice device = fs.devices().stream().filter(d -> d.devid() == block.where().devid()).findFirst()
                        .orElseThrow();
                FuzzCorpus.write(dir, array.name() + "-" + root.name() + "-" + block.bytenr(),
                        read(device, block.where().physical(), fs.nodesize()));
            }
        }
    }

    private static byte[] read(FsDevice device, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.reader().readFully(offset, buffer);
        return buffer.array();
    }

    private static byte[] keyBytes(Key key) {
        return ByteBuffer.allocate(Key.SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(key.objectid())
                .put((byte) key.type()).putLong(key.offset()).array();
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] all = new byte[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static Map<Path, String> hashes(List<Path> compressed, List<Path> unpacked) throws IOException {
        Map<Path, String> hashes = new LinkedHashMap<>(Hashes.sha256(compressed));
        hashes.putAll(Hashes.dataSha256(unpacked));
        return hashes;
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}

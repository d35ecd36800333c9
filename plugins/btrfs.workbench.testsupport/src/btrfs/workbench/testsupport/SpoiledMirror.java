package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * A committed multi-copy array's images copied (sparse) into a directory, with one copy of the fs
 * tree's root corrupted: the copy the readahead reads first. The engine's first pass visits the
 * devices in devid order, so it is the copy on the lowest devid holding one (a DUP device's first).
 * With failover the block is still read from its other copy, and the spoiled one is a bad copy.
 *
 * @param images   the copies, in devid order; only {@code copy}'s image was written to
 * @param copy     the corrupted copy (devid and physical offset)
 * @param logical  the fs tree root's logical address
 * @param fsBlocks every fs-tree block, from btrfs-progs' truth
 */
public record SpoiledMirror(List<Path> images, Mirror copy, long logical, Set<Long> fsBlocks) {

    /** Byte offset inside the block where four bytes are flipped: past the header, inside the items. */
    private static final int SPOILED_AT = 300;

    public static SpoiledMirror of(TestArray array, Path dir) throws IOException {
        List<Path> images = new ArrayList<>();
        for (Path image : array.unpackedImages()) {
            Path copy = dir.resolve(image.getFileName().toString().replaceAll("-[0-9a-f]+$", ""));
            sparseCopy(image, copy);
            images.add(copy);
        }
        Mirror first;
        long root;
        try (BtrfsFilesystem fs = open(images)) {
            TreeRoot fsTree = fs.treeRoot(ObjectIds.FS_TREE).orElseThrow();
            root = fsTree.bytenr();
            first = fs.chunkMap().mirrors(root).stream().min((a, b) -> Long.compareUnsigned(a.devid(), b.devid()))
                    .orElseThrow();
        }
        flipFourBytes(images.get(indexOf(array, first.devid())), first.physical() + SPOILED_AT);
        Set<Long> blocks = new HashSet<>();
        ArrayTruth.of(array).blocks(ObjectIds.FS_TREE).forEach(blk -> blocks.add(blk.bytenr()));
        return new SpoiledMirror(List.copyOf(images), first, root, Set.copyOf(blocks));
    }

    private static void flipFourBytes(Path image, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            ch.read(b, at);
            for (int i = 0; i < 4; i++) {
                b.put(i, (byte) ~b.get(i));
            }
            b.rewind();
            ch.write(b, at);
        }
    }

    private static int indexOf(TestArray array, long devid) {
        for (TestDevice d : array.devices()) {
            if (d.devid() == devid) {
                return d.index() - 1;
            }
        }
        throw new AssertionError("no devid " + devid + " in " + array);
    }

    private static BtrfsFilesystem open(List<Path> images) {
        FilesystemOpen opened = BtrfsFilesystem.openPaths(images);
        return ((FilesystemOpen.Opened) opened).filesystem();
    }

    /** Copies only the non-zero 64 KiB pieces: the images are mostly holes. */
    private static void sparseCopy(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (long pos = 0; pos < in.size(); pos += buf.capacity()) {
                buf.clear();
                int n = in.read(buf, pos);
                if (n > 0 && !zero(buf, n)) {
                    buf.flip();
                    out.write(buf, pos);
                }
            }
            if (out.size() < in.size()) {
                out.write(ByteBuffer.allocate(1), in.size() - 1);
            }
        }
    }

    private static boolean zero(ByteBuffer buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}

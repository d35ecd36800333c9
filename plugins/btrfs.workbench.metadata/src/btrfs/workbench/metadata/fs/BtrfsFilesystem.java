package btrfs.workbench.metadata.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import btrfs.workbench.metadata.DeviceReader;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.item.DevExtent;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockCache;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.BlockReader;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeVisitor;
import btrfs.workbench.metadata.tree.TreeWalker;
import btrfs.workbench.metadata.tree.WalkResult;

/**
 * An opened btrfs filesystem, read-only: its newest superblock, chunk map,
 * devices, tree roots, block groups and device extents, and reads of tree
 * blocks that check every copy.
 * <p>
 * Immutable after opening; reads are positional, so one instance may be
 * used by several threads. Problems found while opening are in
 * {@link #problems()}; an empty list means the metadata read so far is sound.
 */
public final class BtrfsFilesystem implements AutoCloseable {

    /**
     * Blocks kept for searches repeated per chunk or block group (see {@link BlockCache}): 1 MiB
     * of 16 KiB blocks.
     */
    static final int LOOKUP_BLOCKS = 64;

    private final Superblock superblock;
    private final ChunkMap chunkMap;
    private final List<FsDevice> devices;
    private final List<TreeRoot> treeRoots;
    private final List<BlockGroupItem> blockGroups;
    private final List<DevExtent> devExtents;
    private final List<MetadataProblem> problems;
    private final BlockReader reader;
    private final TreeWalker walker;
    /** For searches repeated per block group ({@link #freeSpace}): the blocks they share are read once. */
    private final TreeWalker lookups;
    private final List<AutoCloseable> owned;

    BtrfsFilesystem(Superblock superblock, ChunkMap chunkMap, List<FsDevice> devices, List<TreeRoot> treeRoots,
            List<BlockGroupItem> blockGroups, List<DevExtent> devExtents, List<MetadataProblem> problems,
            BlockReader reader, List<AutoCloseable> owned) {
        this.superblock = superblock;
        this.chunkMap = chunkMap;
        this.devices = List.copyOf(devices);
        this.treeRoots = List.copyOf(treeRoots);
        this.blockGroups = List.copyOf(blockGroups);
        this.devExtents = List.copyOf(devExtents);
        this.problems = List.copyOf(problems);
        this.reader = reader;
        this.walker = new TreeWalker(reader);
        this.lookups = new TreeWalker(new BlockCache(reader, LOOKUP_BLOCKS));
        this.owned = List.copyOf(owned);
    }

    /**
     * Opens the filesystem on {@code devices} (any order; devices of other
     * filesystems and unusable ones are reported and left out; missing
     * members are allowed). The caller keeps ownership of the readers.
     */
    public static FilesystemOpen open(List<? extends PositionalReader> devices) {
        Objects.requireNonNull(devices, "devices");
        return new FilesystemLoader().load(devices, List.of(), List.of());
    }

    /**
     * Opens the filesystem on the device or image files at {@code paths},
     * each opened read-only; they are closed by {@link #close()} (or right
     * away if opening fails). A path that cannot be opened is reported.
     */
    public static FilesystemOpen openPaths(List<Path> paths) {
        return openPaths(paths, false);
    }

    /**
     * {@link #openPaths(List)}, with {@code direct}: every read bypasses the page cache
     * (O_DIRECT), so that a readahead measures the devices and not the cache.
     */
    public static FilesystemOpen openPaths(List<Path> paths, boolean direct) {
        List<DeviceReader> opened = new ArrayList<>();
        List<DeviceProblem> unopenable = new ArrayList<>();
        for (Path path : paths) {
            try {
                opened.add(DeviceReader.open(path, direct));
            } catch (IOException e) {
                unopenable.add(new DeviceProblem(DeviceProblem.Kind.UNUSABLE, 0, path.toString(),
                        "cannot open: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())));
            }
        }
        FilesystemOpen result;
        try {
            result = new FilesystemLoader().load(opened, List.copyOf(opened), unopenable);
        } catch (RuntimeException | Error e) {
            closeAll(opened); // a bug must not also leak open devices
            throw e;
        }
        if (result instanceof FilesystemOpen.Failed) {
            closeAll(opened);
        }
        return result;
    }

    /** The newest valid superblock among the members. */
    public Superblock superblock() {
        return superblock;
    }

    public int nodesize() {
        return superblock.nodesize();
    }

    public ChunkMap chunkMap() {
        return chunkMap;
    }

    /** Every device the chunk tree lists (plus given members it lacks), by devid; see {@link FsDevice#present()}. */
    public List<FsDevice> devices() {
        return devices;
    }

    public List<FsDevice> missingDevices() {
        return devices.stream().filter(d -> !d.present()).toList();
    }

    /**
     * Every tree root: ROOT_TREE and CHUNK_TREE from the superblock, then one
     * per ROOT_ITEM of the root tree in key order (extent, dev, fs, csum,
     * quota, uuid, free-space, block-group, data-reloc, subvolumes and
     * snapshots ...), then TREE_LOG if the superblock has a log.
     */
    public List<TreeRoot> treeRoots() {
        return treeRoots;
    }

    /** The root of tree {@code id} (for several ROOT_ITEMs of one id, the one with the highest offset). */
    public Optional<TreeRoot> treeRoot(long id) {
        return FilesystemLoader.find(treeRoots, id);
    }

    /**
     * Every subvolume and snapshot with its path relative to the top level, as {@code btrfs
     * subvolume list} names them; problems instead of exceptions where links are damaged. Reads
     * the root tree (and the directories of subvolumes below subdirectories) on every call.
     */
    public Subvolumes subvolumes() {
        // The superblock's root tree is always first; a (damaged) ROOT_ITEM of id 1 must not replace it.
        return Subvolumes.read(walker, treeRoots.get(0));
    }

    /** One block group per chunk, from the extent tree or, with BLOCK_GROUP_TREE, the block group tree. */
    public List<BlockGroupItem> blockGroups() {
        return blockGroups;
    }

    /**
     * The free ranges of the logical bytes {@code [from, to)} (a block group), ascending, by the
     * free space tree; empty when there is no valid free space tree or it is damaged there.
     */
    public Optional<List<ByteRange>> freeSpace(long from, long to) {
        return FreeSpaceTree.free(superblock(), treeRoot(ObjectIds.FREE_SPACE_TREE), lookups, from, to);
    }

    /** Every DEV_EXTENT of the dev tree, by devid and physical offset. */
    public List<DevExtent> devExtents() {
        return devExtents;
    }

    /** What went wrong while opening (devices, chunks, blocks, items). */
    public List<MetadataProblem> problems() {
        return problems;
    }

    /** The reader behind {@link #readTreeBlock}, for callers that schedule reads themselves. */
    public BlockReader blockReader() {
        return reader;
    }

    public TreeWalker walker() {
        return walker;
    }

    /**
     * Reads the tree block at {@code logical}, trying mirrors in order until
     * one validates. {@code expectedLevel} may be {@link BlockExpectation#ANY_LEVEL},
     * {@code expectedGeneration} {@link BlockExpectation#ANY_GENERATION}.
     */
    public BlockRead readTreeBlock(long logical, int expectedLevel, long expectedGeneration) {
        return reader.read(logical, BlockExpectation.of(expectedLevel, expectedGeneration));
    }

    /** Visits the blocks of {@code root}'s tree whose key span meets {@code range}. */
    public void walk(TreeRoot root, KeyRange range, TreeVisitor visitor) {
        walker.walk(root, range, visitor);
    }

    /** All blocks of {@code root}'s tree within {@code range}, with the problems met. */
    public WalkResult collect(TreeRoot root, KeyRange range) {
        return walker.collect(root, range);
    }

    /** Closes the devices this instance opened itself ({@link #openPaths}); others stay open. */
    @Override
    public void close() throws IOException {
        closeAll(owned);
    }

    private static void closeAll(List<? extends AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // Read-only devices: nothing is lost when closing fails.
            }
        }
    }

    @Override
    public String toString() {
        return "BtrfsFilesystem[" + superblock.fsid() + ", " + devices.size() + " devices, "
                + chunkMap.chunks().size() + " chunks, " + treeRoots.size() + " trees, " + problems.size()
                + " problems]";
    }
}

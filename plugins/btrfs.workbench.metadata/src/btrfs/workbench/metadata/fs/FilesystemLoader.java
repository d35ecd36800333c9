package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import btrfs.workbench.metadata.DevItem;
import btrfs.workbench.metadata.FlagNames;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.ChunkMap;
import btrfs.workbench.metadata.chunk.ChunkProblem;
import btrfs.workbench.metadata.chunk.SysChunkArray;
import btrfs.workbench.metadata.io.DeviceMap;
import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockCache;
import btrfs.workbench.metadata.tree.BlockReader;
import btrfs.workbench.metadata.tree.TreeBlockParser;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/**
 * The opening sequence, in the kernel's order (open_ctree): superblock,
 * sys_chunk_array, chunk tree, devices, root tree, then the allocation
 * trees. Every step records what goes wrong and carries on with what it has.
 */
final class FilesystemLoader {

    private final List<MetadataProblem> problems = new ArrayList<>();

    FilesystemOpen load(List<? extends PositionalReader> given, List<AutoCloseable> owned,
            List<DeviceProblem> earlier) {
        List<DeviceProblem> deviceProblems = new ArrayList<>(earlier);
        Optional<DeviceAssembly> assembly = DeviceAssembly.assemble(given, deviceProblems);
        problems.addAll(deviceProblems);
        if (assembly.isEmpty()) {
            return new FilesystemOpen.Failed("no device holds a valid btrfs superblock", problems);
        }
        Superblock sb = assembly.get().superblock();
        TreeBlockParser parser = new TreeBlockParser(sb.csumType().orElseThrow(), sb.metadataUuid());

        ChunkMap bootstrap = bootstrapMap(sb);
        DeviceMap members = new DeviceMap(memberReaders(assembly.get()));
        TreeRoot chunkRoot = new TreeRoot(ObjectIds.CHUNK_TREE, null, sb.chunkRoot(), sb.chunkRootLevel(),
                sb.chunkRootGeneration());
        TreeWalker bootstrapWalker = new TreeWalker(reader(members, bootstrap, sb, parser));
        ChunkTreeContents chunkTree = ChunkTreeContents.read(bootstrapWalker, chunkRoot, sb.sectorsize(), problems);

        ChunkMap chunkMap = fullMap(bootstrap, chunkTree.chunks());
        List<FsDevice> devices = devices(assembly.get(), chunkTree.devItems());
        BlockReader reader = reader(new DeviceMap(presentReaders(devices)), chunkMap, sb, parser);
        // one search per chunk for its block group passes the same blocks every time
        TreeWalker walker = new TreeWalker(new BlockCache(reader, BtrfsFilesystem.LOOKUP_BLOCKS));

        List<TreeRoot> roots = treeRoots(sb, chunkRoot, walker);
        List<ChunkItem> chunks = chunkMap.chunks();
        var blockGroups = AllocationContents.blockGroups(walker, blockGroupTree(sb, roots), chunks, problems);
        var devExtents = AllocationContents.devExtents(walker, find(roots, ObjectIds.DEV_TREE), problems);
        if (!devExtents.isEmpty()) {
            AllocationContents.crossCheck(chunks, devExtents, devices, problems);
        }
        // A bad block met on several lookups (one per block group) is reported once.
        List<MetadataProblem> distinct = List.copyOf(new LinkedHashSet<>(problems));
        return new FilesystemOpen.Opened(new BtrfsFilesystem(sb, chunkMap, devices, roots, blockGroups, devExtents,
                distinct, reader, owned));
    }

    private static BlockReader reader(DeviceMap devices, ChunkMap map, Superblock sb, TreeBlockParser parser) {
        return new BlockReader(devices, map, sb.nodesize(), sb.sectorsize(), parser);
    }

    private ChunkMap bootstrapMap(Superblock sb) {
        SysChunkArray.Parsed sys = SysChunkArray.parse(sb);
        List<ChunkProblem> chunkProblems = new ArrayList<>(sys.problems());
        ChunkMap map = ChunkMap.of(sys.chunks(), chunkProblems);
        problems.addAll(chunkProblems);
        return map;
    }

    /**
     * The chunk tree is authoritative; a SYSTEM chunk only the
     * sys_chunk_array knows is kept (the kernel also maps it) but reported.
     */
    private ChunkMap fullMap(ChunkMap bootstrap, List<ChunkItem> fromTree) {
        Map<Long, ChunkItem> byLogical = new LinkedHashMap<>();
        fromTree.forEach(c -> byLogical.put(c.logical(), c));
        for (ChunkItem sys : bootstrap.chunks()) {
            ChunkItem tree = byLogical.get(sys.logical());
            if (tree == null) {
                problems.add(new ChunkProblem(sys.logical(), SysChunkArray.SOURCE, "not in the chunk tree"));
                byLogical.put(sys.logical(), sys);
            } else if (!tree.sameMapping(sys)) {
                problems.add(new ChunkProblem(sys.logical(), SysChunkArray.SOURCE,
                        "differs from the chunk tree's item; using the chunk tree's"));
            }
        }
        List<ChunkProblem> overlaps = new ArrayList<>();
        ChunkMap map = ChunkMap.of(byLogical.values(), overlaps);
        problems.addAll(overlaps);
        return map;
    }

    /**
     * Devices as the chunk tree lists them, each present if a given device
     * has its devid and uuid. A given device the chunk tree does not list
     * (or lists with another uuid) is not read from.
     */
    private List<FsDevice> devices(DeviceAssembly assembly, Map<Long, DevItem> listed) {
        Map<Long, FsDevice> devices = new TreeMap<>(Long::compareUnsigned);
        for (Map.Entry<Long, DeviceAssembly.Member> member : assembly.members().entrySet()) {
            long devid = member.getKey();
            DevItem item = listed.get(devid);
            DevItem own = member.getValue().superblock().devItem();
            PositionalReader reader = member.getValue().reader();
            String name = reader.name();
            if (item == null && !listed.isEmpty()) {
                problems.add(new DeviceProblem(DeviceProblem.Kind.UNKNOWN_DEVICE, devid, name,
                        "the chunk tree has no DEV_ITEM for this devid"));
            } else if (item != null && !item.uuid().equals(own.uuid())) {
                problems.add(new DeviceProblem(DeviceProblem.Kind.UNKNOWN_DEVICE, devid, name,
                        "device uuid differs from the chunk tree's " + item.uuid()));
            } else {
                devices.put(devid, new FsDevice(item != null ? item : own, reader));
            }
        }
        for (DevItem item : listed.values()) {
            if (!devices.containsKey(item.devid())) {
                devices.put(item.devid(), new FsDevice(item, null));
                problems.add(new DeviceProblem(DeviceProblem.Kind.MISSING, item.devid(), "",
                        "not among the given devices (uuid " + item.uuid() + ")"));
            }
        }
        return List.copyOf(devices.values());
    }

    private static Map<Long, PositionalReader> memberReaders(DeviceAssembly assembly) {
        Map<Long, PositionalReader> readers = new LinkedHashMap<>();
        assembly.members().forEach((devid, member) -> readers.put(devid, member.reader()));
        return readers;
    }

    private static Map<Long, PositionalReader> presentReaders(List<FsDevice> devices) {
        Map<Long, PositionalReader> present = new LinkedHashMap<>();
        devices.stream().filter(FsDevice::present).forEach(d -> present.put(d.devid(), d.reader()));
        return present;
    }

    /** Root tree and chunk tree from the superblock, every ROOT_ITEM, then the log tree if there is one. */
    private List<TreeRoot> treeRoots(Superblock sb, TreeRoot chunkRoot, TreeWalker walker) {
        TreeRoot rootTree = new TreeRoot(ObjectIds.ROOT_TREE, null, sb.root(), sb.rootLevel(), sb.generation());
        List<TreeRoot> roots = new ArrayList<>(List.of(rootTree, chunkRoot));
        roots.addAll(RootTreeContents.read(walker, rootTree, problems));
        if (sb.logRoot() != 0) {
            // The log is written during the transaction after the superblock's: generation + 1.
            roots.add(new TreeRoot(ObjectIds.TREE_LOG, null, sb.logRoot(), sb.logRootLevel(), sb.generation() + 1));
        }
        return roots;
    }

    private static Optional<TreeRoot> blockGroupTree(Superblock sb, List<TreeRoot> roots) {
        boolean bgTree = sb.hasCompatRo(FlagNames.COMPAT_RO_BLOCK_GROUP_TREE);
        return find(roots, bgTree ? ObjectIds.BLOCK_GROUP_TREE : ObjectIds.EXTENT_TREE);
    }

    /** The root of tree {@code id}: of several ROOT_ITEMs the one a search for (id, ROOT_ITEM, -1) finds. */
    static Optional<TreeRoot> find(List<TreeRoot> roots, long id) {
        TreeRoot found = null;
        for (TreeRoot root : roots) {
            if (root.id() == id) {
                found = root;
            }
        }
        return Optional.ofNullable(found);
    }
}

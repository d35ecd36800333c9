package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.ChunkProblem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.item.BlockGroupItem;
import btrfs.workbench.metadata.item.DevExtent;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.TreeWalker;

/** Block groups and device extents: how chunks are used and where they sit on the devices. */
final class AllocationContents {

    private AllocationContents() {
    }

    /**
     * The block group item of every chunk, looked up the way the kernel's
     * {@code btrfs_read_block_groups()} does: a key search per chunk in the
     * extent tree (or the block group tree), so only the paths to those few
     * leaves are read, not the whole extent tree.
     */
    static List<BlockGroupItem> blockGroups(TreeWalker walker, Optional<TreeRoot> tree, List<ChunkItem> chunks,
            List<MetadataProblem> problems) {
        List<BlockGroupItem> groups = new ArrayList<>();
        if (tree.isEmpty()) {
            problems.add(new ChunkProblem(0, "block groups", "no extent tree / block group tree root"));
            return groups;
        }
        for (ChunkItem chunk : chunks) {
            List<BlockGroupItem> found = new ArrayList<>();
            KeyRange range = KeyRange.ofType(chunk.logical(), KeyType.BLOCK_GROUP_ITEM);
            problems.addAll(walker.forEachItem(tree.get(), range, (leaf, i) -> decodeBlockGroup(leaf, i,
                    tree.get().id(), found, problems)));
            if (found.isEmpty()) {
                problems.add(new ChunkProblem(chunk.logical(), "block groups", "no BLOCK_GROUP_ITEM in tree "
                        + tree.get().name()));
            }
            for (BlockGroupItem group : found) {
                checkAgainstChunk(group, chunk, problems);
                groups.add(group);
            }
        }
        return groups;
    }

    private static void decodeBlockGroup(Leaf leaf, int i, long treeId, List<BlockGroupItem> found,
            List<MetadataProblem> problems) {
        Key key = leaf.items().get(i).key();
        Decoded<BlockGroupItem> item = BlockGroupItem.decode(key, leaf.itemData(i));
        if (item instanceof Decoded.Bad<BlockGroupItem> bad) {
            problems.add(new ItemProblem(treeId, leaf.bytenr(), key, bad.reason()));
        } else {
            found.add(item.toOptional().orElseThrow());
        }
    }

    private static void checkAgainstChunk(BlockGroupItem group, ChunkItem chunk, List<MetadataProblem> problems) {
        if (group.length() != chunk.length() || group.flags() != chunk.type()) {
            problems.add(new ChunkProblem(chunk.logical(), "block groups", "block group length "
                    + Long.toUnsignedString(group.length()) + " type " + group.typeString()
                    + " differs from the chunk's " + Long.toUnsignedString(chunk.length()) + " "
                    + chunk.typeString()));
        }
    }

    /** Every DEV_EXTENT of the dev tree, in key order (devid, physical). */
    static List<DevExtent> devExtents(TreeWalker walker, Optional<TreeRoot> devTree, List<MetadataProblem> problems) {
        List<DevExtent> extents = new ArrayList<>();
        if (devTree.isEmpty()) {
            problems.add(new ChunkProblem(0, "dev extents", "no dev tree root"));
            return extents;
        }
        problems.addAll(walker.forEachItem(devTree.get(), KeyRange.ALL, (leaf, i) -> {
            Key key = leaf.items().get(i).key();
            if (key.type() != KeyType.DEV_EXTENT.code()) {
                return;
            }
            Decoded<DevExtent> item = DevExtent.decode(key, leaf.itemData(i));
            if (item instanceof Decoded.Bad<DevExtent> bad) {
                problems.add(new ItemProblem(ObjectIds.DEV_TREE, leaf.bytenr(), key, bad.reason()));
            } else {
                extents.add(item.toOptional().orElseThrow());
            }
        }));
        return extents;
    }

    /**
     * Dev extents are the reverse map of chunk stripes: every stripe must
     * have one of its length, and no extent may belong to no stripe (such
     * space would be neither free nor used) or reach past its device's end.
     */
    static void crossCheck(List<ChunkItem> chunks, List<DevExtent> extents, List<FsDevice> devices,
            List<MetadataProblem> problems) {
        Map<String, ChunkItem> stripes = new LinkedHashMap<>();
        for (ChunkItem chunk : chunks) {
            for (Stripe stripe : chunk.stripes()) {
                stripes.put(place(stripe.devid(), stripe.offset()), chunk);
            }
        }
        for (DevExtent extent : extents) {
            checkInsideDevice(extent, devices, problems);
            ChunkItem chunk = stripes.remove(place(extent.devid(), extent.physical()));
            if (chunk == null) {
                problems.add(new ChunkProblem(extent.chunkOffset(), "dev extents", "dev extent at "
                        + place(extent.devid(), extent.physical()) + " belongs to no chunk stripe"));
            } else if (chunk.logical() != extent.chunkOffset() || chunk.stripeLength() != extent.length()) {
                problems.add(new ChunkProblem(chunk.logical(), "dev extents", "dev extent at "
                        + place(extent.devid(), extent.physical()) + " says chunk "
                        + Long.toUnsignedString(extent.chunkOffset()) + " length "
                        + Long.toUnsignedString(extent.length()) + ", the stripe has length "
                        + Long.toUnsignedString(chunk.stripeLength())));
            }
        }
        stripes.forEach((where, chunk) -> problems.add(new ChunkProblem(chunk.logical(), "dev extents",
                "stripe at " + where + " has no dev extent")));
    }

    private static void checkInsideDevice(DevExtent extent, List<FsDevice> devices, List<MetadataProblem> problems) {
        for (FsDevice device : devices) {
            long size = device.item().totalBytes();
            if (device.devid() == extent.devid() && (Long.compareUnsigned(extent.physical(), size) > 0
                    || Long.compareUnsigned(extent.length(), size - extent.physical()) > 0)) {
                problems.add(new ChunkProblem(extent.chunkOffset(), "dev extents", "dev extent at "
                        + place(extent.devid(), extent.physical()) + " length " + Long.toUnsignedString(extent.length())
                        + " ends past the device's total_bytes " + Long.toUnsignedString(size)));
            }
        }
    }

    private static String place(long devid, long physical) {
        return "devid " + Long.toUnsignedString(devid) + " physical " + Long.toUnsignedString(physical);
    }
}

package btrfs.workbench.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * A cached array in memory: a three-level tree of {@code fanout^2 + fanout + 1} blocks spread at
 * random over RAID1 block groups of four devices, every read answered at once from memory. What
 * is left to measure is the engine's own cost per block.
 */
final class MemoryTarget implements ReadaheadTarget {

    private static final long CHUNK = 256L << 20;
    private static final int CHUNKS = 8;
    private static final int DEVICES = 4;

    private final int nodesize;
    private final Map<Long, ReadBlock> blocks = new HashMap<>();
    private final long root;
    private final List<Device> devices = new ArrayList<>();

    MemoryTarget(int nodesize, int fanout, long seed) {
        this.nodesize = nodesize;
        for (int d = 1; d <= DEVICES; d++) {
            devices.add(Device.present(d));
        }
        List<Long> free = new ArrayList<>();
        long perChunk = CHUNK / nodesize;
        int needed = fanout * fanout + fanout + 1;
        for (int i = 0; free.size() < needed; i++) {
            long chunk = i % CHUNKS;
            free.add(CHUNK * (1 + chunk) + (i / CHUNKS) % perChunk * nodesize);
        }
        Collections.shuffle(free, new Random(seed));
        int next = 0;
        List<NodePointer> level1 = new ArrayList<>();
        for (int n = 0; n < fanout; n++) {
            List<NodePointer> leaves = new ArrayList<>();
            for (int l = 0; l < fanout; l++) {
                long leaf = free.get(next++);
                blocks.put(leaf, ReadBlock.leaf(1, 100));
                leaves.add(new NodePointer(new Key((long) n * fanout + l, 1, 0), leaf, 1));
            }
            long node = free.get(next++);
            blocks.put(node, ReadBlock.node(1, 1, leaves));
            level1.add(new NodePointer(leaves.get(0).key(), node, 1));
        }
        root = free.get(next);
        blocks.put(root, ReadBlock.node(2, 1, level1));
    }

    long root() {
        return root;
    }

    int blockCount() {
        return blocks.size();
    }

    @Override
    public int nodesize() {
        return nodesize;
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public List<StripeCopy> mirrors(long logical) {
        long chunk = logical / CHUNK - 1;
        long inChunk = logical % CHUNK;
        int first = (int) (chunk % DEVICES);
        long physical = CHUNK * (chunk / 2 + 1) + inChunk;
        return List.of(new StripeCopy(first + 1, physical), new StripeCopy((first + 1) % DEVICES + 1, physical));
    }

    @Override
    public BlockGroup blockGroup(long logical) {
        return new BlockGroup(logical / CHUNK * CHUNK, CHUNK);
    }

    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        done.completed(blocks.get(logical));
    }
}

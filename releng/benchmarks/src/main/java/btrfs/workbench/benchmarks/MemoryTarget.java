package btrfs.workbench.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * A cached array in memory: a three-level tree of {@code fanout^2 + fanout + 1} blocks spread at
 * random over RAID1 block groups of four devices, every read answered at once from memory. What
 * is left to measure is the engine's own cost per block.
 */
final class MemoryTarget extends SimulatedRaid1 {

    private static final int CHUNKS = 8;

    private final Map<Long, ReadBlock> blocks = new HashMap<>();
    private final long root;

    MemoryTarget(int nodesize, int fanout, long seed) {
        super(nodesize);
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
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        done.completed(blocks.get(logical));
    }
}

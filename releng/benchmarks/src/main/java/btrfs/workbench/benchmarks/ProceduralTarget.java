package btrfs.workbench.benchmarks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * A simulated array of {@code 1 + fanout + fanout^2} tree blocks (a root, {@code fanout} nodes,
 * {@code fanout^2} leaves) that holds no block in memory: every block's address and contents are
 * computed from its index, so that the heap a run needs is the engine's alone. Blocks are
 * scattered over 64 RAID1 block groups on four devices by a fixed permutation of the indexes;
 * reads complete at once.
 */
final class ProceduralTarget extends SimulatedRaid1 {

    private static final int CHUNKS = 64;
    private static final long STRIDE = 1_000_003; // a prime: index * STRIDE mod n permutes the indexes

    private final int fanout;
    private final long count;
    private final long strideInverse;

    ProceduralTarget(int nodesize, int fanout) {
        super(nodesize);
        this.fanout = fanout;
        this.count = 1 + (long) fanout + (long) fanout * fanout;
        if (count > CHUNKS * (CHUNK / nodesize)) {
            throw new IllegalArgumentException(count + " blocks do not fit " + CHUNKS + " block groups");
        }
        if (count % STRIDE == 0) {
            throw new IllegalArgumentException("fanout " + fanout + " makes the permutation degenerate");
        }
        if (count >= 1L << 31) {
            throw new IllegalArgumentException("fanout " + fanout + " is too large");
        }
        this.strideInverse = BigInteger.valueOf(STRIDE).modInverse(BigInteger.valueOf(count)).longValueExact();
    }

    long blockCount() {
        return count;
    }

    /** The root's logical address. */
    long root() {
        return logicalOf(0);
    }

    private long logicalOf(long index) {
        long slot = mulMod(index, STRIDE);
        return CHUNK * (1 + slot % CHUNKS) + slot / CHUNKS * nodesize();
    }

    private long indexOf(long logical) {
        long slot = (logical / CHUNK - 1) + CHUNKS * (logical % CHUNK / nodesize());
        return mulMod(slot, strideInverse);
    }

    /** a * b mod count; both below 2^31 (the constructor checks), so the product fits a long. */
    private long mulMod(long a, long b) {
        return Math.floorMod(a * b, count);
    }





    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        long index = indexOf(logical);
        if (index == 0) {
            done.completed(ReadBlock.node(2, 1, pointers(1, 0)));
        } else if (index <= fanout) {
            long node = index - 1;
            done.completed(ReadBlock.node(1, 1, pointers(1 + fanout + node * fanout, node * fanout)));
        } else {
            done.completed(ReadBlock.leaf(1, 100));
        }
    }

    /** {@code fanout} pointers to the blocks from index {@code first} on, keys from {@code firstKey} on. */
    private List<NodePointer> pointers(long first, long firstKey) {
        List<NodePointer> pointers = new ArrayList<>(fanout);
        for (int i = 0; i < fanout; i++) {
            pointers.add(new NodePointer(new Key(firstKey + i, 1, 0), logicalOf(first + i), 1));
        }
        return pointers;
    }
}

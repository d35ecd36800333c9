package btrfs.workbench.benchmarks;

import java.util.Random;

/** The same pseudo-random node for every benchmark that needs bytes but not a real block. */
final class RandomBlock {

    private RandomBlock() {
    }

    static byte[] of(int nodesize) {
        byte[] block = new byte[nodesize];
        new Random(1).nextBytes(block);
        return block;
    }
}

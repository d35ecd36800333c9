package btrfs.workbench.fuzz;

import java.util.Arrays;

import btrfs.workbench.metadata.ChecksumType;

/**
 * Mutated bytes almost never carry a matching checksum, and every parser checks it first: the
 * targets write the right one in, so that the fuzzer reaches the checks and the decoding behind
 * it (the checksum check itself is covered by the unit tests).
 */
final class Checksums {

    private Checksums() {
    }

    /** Superblocks and tree blocks alike: the checksum of bytes 32.. in the first 32 bytes. */
    static void fix(byte[] block, ChecksumType type) {
        byte[] csum = type.compute(block, ChecksumType.CSUM_FIELD_SIZE, block.length - ChecksumType.CSUM_FIELD_SIZE);
        Arrays.fill(block, 0, ChecksumType.CSUM_FIELD_SIZE, (byte) 0);
        System.arraycopy(csum, 0, block, 0, csum.length);
    }
}

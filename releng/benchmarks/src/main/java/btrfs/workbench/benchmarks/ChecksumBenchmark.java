package btrfs.workbench.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import btrfs.workbench.metadata.ChecksumType;

/**
 * Checksum of one tree block (the whole block after its 32-byte csum field, as every read
 * verifies it), per checksum type; {@link ReadBaseline} is the floor it is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChecksumBenchmark {

    @Param({ "16384" })
    public int nodesize;

    @Param({ "CRC32C", "XXHASH", "SHA256", "BLAKE2" })
    public ChecksumType type;

    private byte[] block;

    @Setup
    public void fill() {
        block = RandomBlock.of(nodesize);
    }

    @Benchmark
    public byte[] checksum() {
        return type.compute(block, ChecksumType.CSUM_FIELD_SIZE, nodesize - ChecksumType.CSUM_FIELD_SIZE);
    }
}

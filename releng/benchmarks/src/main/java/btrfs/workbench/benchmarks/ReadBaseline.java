package btrfs.workbench.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The floor of the same run: reading every byte of one node once (a sum of longs). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBaseline {

    @Param({ "16384" })
    public int nodesize;

    private byte[] block;

    @Setup
    public void fill() {
        block = RandomBlock.of(nodesize);
    }

    @Benchmark
    public long readOnce() {
        ByteBuffer buffer = ByteBuffer.wrap(block);
        long sum = 0;
        while (buffer.remaining() >= Long.BYTES) {
            sum += buffer.getLong();
        }
        return sum;
    }
}

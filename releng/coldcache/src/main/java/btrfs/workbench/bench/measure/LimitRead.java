package btrfs.workbench.bench.measure;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.bench.array.DeviceRange;

/**
 * The physical limit: what {@code dd bs=1M} of exactly the tree-block block groups costs, one
 * reader per device, all devices at once. Nothing can read all metadata faster than the devices
 * stream it, so the all-trees readahead is measured against this.
 */
final class LimitRead {

    static final int READ_SIZE = 1 << 20;

    private LimitRead() {
    }

    /** Reads every range of every device, devices in parallel; bytes read over all devices. */
    static Sample run(Map<Path, List<DeviceRange>> ranges) throws BenchException {
        long started = System.nanoTime();
        ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, ranges.size()));
        try {
            List<Future<Long>> perDevice = new ArrayList<>();
            for (Map.Entry<Path, List<DeviceRange>> device : ranges.entrySet()) {
                Callable<Long> task = () -> readDevice(device.getKey(), device.getValue());
                perDevice.add(readers.submit(task));
            }
            long bytes = 0;
            for (Future<Long> f : perDevice) {
                bytes += f.get();
            }
            return Sample.ok((System.nanoTime() - started) / 1e9, -1, bytes);
        } catch (ExecutionException e) {
            return new Sample((System.nanoTime() - started) / 1e9, -1, -1, "read failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while reading the limit", e);
        } finally {
            readers.shutdownNow();
        }
    }

    private static long readDevice(Path device, List<DeviceRange> ranges) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
        long bytes = 0;
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            for (DeviceRange range : ranges) {
                for (long at = range.start(); at < range.end();) {
                    buffer.clear().limit((int) Math.min(READ_SIZE, range.end() - at));
                    int n = channel.read(buffer, at);
                    if (n < 0) {
                        throw new EOFException(device + " ends at " + at + ", inside a block group");
                    }
                    at += n;
                    bytes += n;
                }
            }
        }
        return bytes;
    }
}

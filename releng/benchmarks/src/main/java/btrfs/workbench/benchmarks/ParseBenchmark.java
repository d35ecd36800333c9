package btrfs.workbench.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import btrfs.workbench.discovery.CompressedImages;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.key.KeyRange;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.TreeBlockParser;
import btrfs.workbench.metadata.tree.VisitedBlock;

/**
 * Parse + checksum + validation of real kernel-written tree blocks (the fs tree of a committed
 * 16 KiB-node test array per checksum type), one block per operation, from memory: what every
 * read pays on top of the I/O. Run from the top of the checkout (it reads testdata/arrays).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {

    @Param({ "16384" })
    public int nodesize;

    @Param({ "single-crc32c-16k", "raid10-xxhash-16k", "raid0-sha256-16k", "raid1-blake2-16k" })
    public String array;

    private TreeBlockParser parser;
    private final List<byte[]> blocks = new ArrayList<>();
    private final List<Long> addresses = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path dir = Path.of(System.getProperty("btrfs.workbench.arrays", "testdata/arrays"), array);
        Path cache = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "btrfs-workbench-bench"));
        List<Path> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path zst : files.filter(f -> f.toString().endsWith(".img.zst")).sorted().toList()) {
                images.add(CompressedImages.readablePath(zst, cache));
            }
        }
        if (!(BtrfsFilesystem.openPaths(images) instanceof FilesystemOpen.Opened opened)) {
            throw new IllegalStateException("cannot open " + dir);
        }
        try (BtrfsFilesystem fs = opened.filesystem()) {
            if (fs.nodesize() != nodesize) {
                throw new IllegalStateException(array + " has nodesize " + fs.nodesize());
            }
            parser = new TreeBlockParser(fs.superblock().csumType().orElseThrow(), fs.superblock().metadataUuid());
            for (VisitedBlock block : fs.collect(fs.treeRoot(5).orElseThrow(), KeyRange.ALL).blocks()) {
                blocks.add(readRaw(fs, block.bytenr()));
                addresses.add(block.bytenr());
            }
        }
    }

    private static byte[] readRaw(BtrfsFilesystem fs, long logical) throws IOException {
        Mirror mirror = fs.chunkMap().mirrors(logical).get(0);
        FsDevice device = fs.devices().stream().filter(d -> d.devid() == mirror.devid()).findFirst().orElseThrow();
        ByteBuffer raw = ByteBuffer.allocate(fs.nodesize());
        device.reader().readFully(mirror.physical(), raw);
        return raw.array();
    }

    @Benchmark
    public TreeBlockParser.Result parse() {
        int i = next++ % blocks.size();
        TreeBlockParser.Result result = parser.parse(blocks.get(i), addresses.get(i), BlockExpectation.NONE);
        if (!result.isOk()) {
            throw new IllegalStateException(result.reason());
        }
        return result;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println("\n" + array + ": " + blocks.size() + " fs-tree blocks");
    }
}

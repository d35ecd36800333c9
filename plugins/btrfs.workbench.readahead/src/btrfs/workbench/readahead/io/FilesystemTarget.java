package btrfs.workbench.readahead.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * The readahead engine's view of a real filesystem (disks or images) opened with the metadata
 * library: devices and mirrors from its chunk map, and asynchronous reads of one copy, each
 * checksummed and validated like the kernel's end_io does before the readahead hook runs.
 * <p>
 * Deviation from the kernel: there a bio is queued to the block layer and the submitter goes on;
 * user space has no such queue for positional reads, so each device gets its own small pool of
 * I/O threads, as many as reads may be in flight on it, and a read is a task on its pool.
 * <p>
 * Read-only: the filesystem's readers are only ever read. Closing stops the I/O threads; the
 * filesystem stays open (its owner closes it).
 */
public final class FilesystemTarget implements ReadaheadTarget, AutoCloseable {

    /** The devid a running dev-replace gives its target device (BTRFS_DEV_REPLACE_DEVID). */
    static final long DEV_REPLACE_DEVID = 0;

    private static final long CLOSE_POLL_NANOS = 20_000_000L;
    private static final String CLOSED = "the readahead target was closed before the read";

    private final BtrfsFilesystem fs;
    private final List<Device> devices;
    private final Map<Long, ExecutorService> ioPools = new HashMap<>();
    private final Map<Long, DeviceClock> clocks = new HashMap<>();
    private final IoModel model;
    private volatile boolean closed;

    /**
     * @param fs              the opened filesystem
     * @param threadsPerDevice I/O threads per device: the engine's reads in flight per device
     * @param model           pacing of the reads ({@link IoModel#NONE} for none)
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.model = Objects.requireNonNull(model, "model");
        if (threadsPerDevice < 1) {
            throw new IllegalArgumentException("threadsPerDevice " + threadsPerDevice);
        }
        List<Device> list = new ArrayList<>();
        for (FsDevice d : fs.devices()) {
            list.add(new Device(d.devid(), d.present(), d.devid() == DEV_REPLACE_DEVID));
            if (d.present()) {
                ioPools.put(d.devid(), ioPool(d.devid(), threadsPerDevice));
                if (!model.isNone()) {
                    clocks.put(d.devid(), new DeviceClock(model, d.reader().size()));
                }
            }
        }
        this.devices = List.copyOf(list);
    }

    private static ExecutorService ioPool(long devid, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "reada-io-dev" + Long.toUnsignedString(devid) + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int nodesize() {
        return fs.nodesize();
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public List<StripeCopy> mirrors(long logical) {
        List<Mirror> mirrors = fs.chunkMap().mirrors(logical);
        List<StripeCopy> copies = new ArrayList<>(mirrors.size());
        for (Mirror m : mirrors) {
            copies.add(new StripeCopy(m.devid(), m.physical()));
        }
        return copies;
    }

    @Override
    public BlockGroup blockGroup(long logical) {
        ChunkItem chunk = fs.chunkMap().chunkAt(logical).orElse(null);
        return chunk == null || chunk.length() <= 0 ? null : new BlockGroup(chunk.logical(), chunk.length());
    }

    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        ExecutorService pool = ioPools.get(copy.devid());
        if (pool == null) {
            done.failed("devid " + Long.toUnsignedString(copy.devid()) + " is not present");
            return;
        }
        ReadTask task = new ReadTask(copy, logical, System.nanoTime(), done);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.closed();
        }
    }

    /** One read on a device's pool; told when the pool closes before running it. */
    private final class ReadTask implements Runnable {
        private final StripeCopy copy;
        private final long logical;
        private final long issued;
        private final ReadCallback done;

        ReadTask(StripeCopy copy, long logical, long issued, ReadCallback done) {
            this.copy = copy;
            this.logical = logical;
            this.issued = issued;
            this.done = done;
        }

        @Override
        public void run() {
            if (closed) {
                closed();
            } else {
                readNow(copy, logical, issued, done);
            }
        }

        void closed() {
            done.failed(CLOSED);
        }
    }

    /** On an I/O thread: read and validate the copy, wait out the model, then call back. */
    private void readNow(StripeCopy copy, long logical, long issued, ReadCallback done) {
        BlockRead read;
        try {
            read = readCopy(copy, logical);
        } catch (RuntimeException e) {
            done.failed("reading failed: " + e);
            return;
        }
        if (!pace(copy, issued)) {
            done.failed(CLOSED);
            return;
        }
        switch (read) {
            case BlockRead.Good good -> done.completed(toReadBlock(good));
            case BlockRead.Bad bad -> done.failed(reason(bad));
        }
    }

    /**
     * Reads exactly {@code copy} (no fallback: a failed readahead read cuts its branch). The
     * block's own generation and level are not checked here: the readahead hook compares them
     * with what each control expects. Checksum, bytenr, fsid and structure are.
     */
    private BlockRead readCopy(StripeCopy copy, long logical) {
        List<Mirror> mirrors = fs.chunkMap().mirrors(logical);
        int index = mirrors.indexOf(new Mirror(copy.devid(), copy.physical()));
        if (index < 0) {
            return new BlockRead.Bad(logical, List.of(BlockProblem.of(BlockProblem.Kind.UNMAPPED, logical,
                    "no copy of the block at devid " + copy)));
        }
        return fs.blockReader().readMirror(logical, index + 1, BlockExpectation.NONE);
    }

    /**
     * Sleeps until the modelled device would have finished the read; false if the target was
     * closed meanwhile. Polls a flag instead of being interrupted: an interrupt inside a
     * FileChannel read would close the channel for every other reader of the device.
     */
    private boolean pace(StripeCopy copy, long issued) {
        DeviceClock clock = clocks.get(copy.devid());
        if (clock == null) {
            return true;
        }
        long until = clock.book(issued, copy.physical(), fs.nodesize());
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            if (closed) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, CLOSE_POLL_NANOS));
        }
        return !closed;
    }

    private static ReadBlock toReadBlock(BlockRead.Good good) {
        return switch (good.block()) {
            case Node node -> ReadBlock.node(node.level(), node.generation(), node.pointers());
            case Leaf leaf -> ReadBlock.leaf(leaf.generation(), (int) leaf.header().nritems());
        };
    }

    /** The problem of the copy read, as the user reads it: "checksum mismatch: ...". */
    private static String reason(BlockRead.Bad bad) {
        if (bad.problems().isEmpty()) {
            return "unreadable";
        }
        BlockProblem p = bad.problems().get(0);
        return p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + p.reason();
    }

    /**
     * Stops the I/O threads. Reads not yet started and reads being paced fail, so that no
     * control waits for a read that will never come; reads on a device right now finish first.
     */
    @Override
    public void close() {
        closed = true;
        for (ExecutorService pool : ioPools.values()) {
            pool.shutdown();
        }
        for (ExecutorService pool : ioPools.values()) {
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

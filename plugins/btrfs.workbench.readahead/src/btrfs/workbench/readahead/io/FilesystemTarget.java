package btrfs.workbench.readahead.io;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Mirror;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.ByteRange;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.tree.BlockExpectation;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.BlockReader;
import btrfs.workbench.metadata.tree.BlockRead;
import btrfs.workbench.metadata.tree.Leaf;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.os.ThreadPriority;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.LeafLinks;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * The readahead engine's view of a real filesystem (disks or images) opened with the metadata
 * library: devices and mirrors from its chunk map, and asynchronous reads of one copy, each
 * checksummed and validated like the kernel's end_io does before the readahead hook runs.
 * <p>
 * Deviation from the kernel: there a bio is queued to the block layer and the submitter goes on;
 * user space has no such queue for positional reads, so each device gets its own small pool of
 * I/O threads, as many as reads may be in flight on it, and a read is a task on its pool.
 * <p>
 * A device that stops answering (a dying disk, a hung path) must not hang the run: a read not
 * answered within the read timeout fails with that reason, and from then on every read of the
 * device fails at once until its stuck read returns — the kernel likewise gives up on a command
 * after its timeout. The stuck I/O thread itself cannot be stopped (interrupting a FileChannel
 * read would close the channel for every reader); it is a daemon and ends when the read does.
 * <p>
 * Read-only: the filesystem's readers are only ever read. Closing stops the I/O threads; the
 * filesystem stays open (its owner closes it).
 */
public final class FilesystemTarget implements ReadaheadTarget, AutoCloseable {

    /** The devid a running dev-replace gives its target device (BTRFS_DEV_REPLACE_DEVID). */
    static final long DEV_REPLACE_DEVID = 0;

    private static final long CLOSE_POLL_NANOS = 20_000_000L;
    private static final String CLOSED = "the readahead target was closed before the read";
    /** How long closing waits for reads on a device right now, all devices together. */
    private static final long CLOSE_WAIT_NANOS = 5_000_000_000L;

    private final BtrfsFilesystem fs;
    private final List<Device> devices;
    private final Map<Long, ExecutorService> ioPools = new HashMap<>();
    private final Map<Long, DeviceClock> clocks = new HashMap<>();
    private final IoModel model;
    private final Duration readTimeout;
    /** Reads issued and not yet answered: for the timeout watchdog and for closing. */
    private final Set<ReadTask> unanswered = ConcurrentHashMap.newKeySet();
    /** Devices with a read stuck past the timeout, and what their reads fail with meanwhile. */
    private final Map<Long, String> stalled = new ConcurrentHashMap<>();
    /** {@link #freeSpace} by block group start. */
    private final Map<Long, List<ByteRange>> freeSpace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;
    private final CurrentRoots currentRoots;
    private final boolean live;
    /** The zone stream's O_DIRECT reader, opened on first use; null where the filesystem's serve. */
    private StreamReader streamReader;
    private boolean streamReaderOpened;
    private final ReadBufferPool readBuffers;
    private final ThreadLocal<ByteBuffer> runBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    /**
     * @param fs              the opened filesystem
     * @param threadsPerDevice I/O threads per device: the engine's reads in flight per device
     * @param model           pacing of the reads ({@link IoModel#NONE} for none)
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model) {
        this(fs, threadsPerDevice, model, false);
    }

    /**
     * @param background the I/O threads read in the background ({@link ThreadPriority}), as the
     *                   kernel's readahead bios do
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model, boolean background) {
        this(fs, threadsPerDevice, model, background, ReadaheadConfig.READ_TIMEOUT, false);
    }

    /**
     * @param readTimeout a read not answered after this long fails, see the class comment;
     *                    {@link Duration#ZERO} waits forever
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model, boolean background,
            Duration readTimeout) {
        this(fs, threadsPerDevice, model, background, readTimeout, false);
    }

    /**
     * @param readTimeout a read not answered after this long fails, see the class comment;
     *                    {@link Duration#ZERO} waits forever
     * @param live        the filesystem is mounted and written while it is read (see {@link #live()})
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model, boolean background,
            Duration readTimeout, boolean live) {
        this(fs, threadsPerDevice, model, background, readTimeout, live, ReadaheadConfig.HUGE_PAGES);
    }

    /**
     * @param hugePages the I/O threads read coalesced and stream reads into huge pages where the
     *                  kernel has them (see {@link ReadBufferPool})
     */
    public FilesystemTarget(BtrfsFilesystem fs, int threadsPerDevice, IoModel model, boolean background,
            Duration readTimeout, boolean live, boolean hugePages) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.readBuffers = new ReadBufferPool(hugePages);
        this.live = live;
        this.model = Objects.requireNonNull(model, "model");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative()) {
            throw new IllegalArgumentException("readTimeout " + readTimeout);
        }
        if (threadsPerDevice < 1) {
            throw new IllegalArgumentException("threadsPerDevice " + threadsPerDevice);
        }
        List<Device> list = new ArrayList<>();
        for (FsDevice d : fs.devices()) {
            list.add(new Device(d.devid(), d.present(), d.devid() == DEV_REPLACE_DEVID));
            if (d.present()) {
                ioPools.put(d.devid(), ioPool(d.devid(), threadsPerDevice, background));
                if (!model.isNone()) {
                    clocks.put(d.devid(), new DeviceClock(model, d.reader().size()));
                }
            }
        }
        this.devices = List.copyOf(list);
        this.watchdog = readTimeout.isZero() ? null : watchdog(readTimeout);
        this.currentRoots = new CurrentRoots(fs);
    }

    /** Looks for overdue reads a few times per timeout (at most once a second, at least every 10 ms). */
    private ScheduledExecutorService watchdog(Duration timeout) {
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reada-io-timeout");
            t.setDaemon(true);
            return t;
        });
        long period = Math.clamp(timeout.toNanos() / 4, 10_000_000L, 1_000_000_000L);
        w.scheduleWithFixedDelay(this::failOverdue, period, period, TimeUnit.NANOSECONDS);
        return w;
    }

    private static ExecutorService ioPool(long devid, int threads, boolean background) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(background ? ThreadPriority.inBackground(r) : r,
                    "reada-io-dev" + Long.toUnsignedString(devid) + "-" + n.incrementAndGet());
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
        return chunk == null || chunk.length() <= 0 ? null : blockGroup(chunk);
    }

    private static BlockGroup blockGroup(ChunkItem chunk) {
        long stripeUnit = chunk.dataStripes() > 1 ? chunk.stripeLen() : 0;
        return new BlockGroup(chunk.logical(), chunk.length(), stripeUnit);
    }

    @Override
    public List<BlockGroup> treeBlockGroups() {
        return fs.chunkMap().chunks().stream().filter(c -> c.holdsTreeBlocks() && c.length() > 0)
                .map(FilesystemTarget::blockGroup).toList();
    }

    /**
     * The free space tree's free ranges of the group, read once per group (a filesystem the
     * stream reads is not mounted: they do not change); none where there is no valid free space
     * tree or it is damaged there.
     */
    @Override
    public List<ByteRange> freeSpace(BlockGroup group) {
        return freeSpace.computeIfAbsent(group.start(),
                start -> fs.freeSpace(start, start + group.length()).orElse(List.of()));
    }

    /**
     * Every tree of the filesystem, as {@link BtrfsFilesystem#treeRoots()} lists them, with its
     * ROOT_ITEM's bytes_used (of several ROOT_ITEMs of one tree the last, as that list takes it).
     */
    @Override
    public Map<Long, Long> treeBytes() {
        return fs.treeRoots().stream().collect(Collectors.toUnmodifiableMap(TreeRoot::id, TreeRoot::bytesUsed,
                (first, last) -> last));
    }

    /**
     * Whether the filesystem is mounted: then a copy that does not validate is read a second
     * time, and if it fails again it is reported as {@link ReadBlock#changed changed}, not as
     * failed. Why: the kernel writes a freed block again while the readahead follows a pointer
     * it read a moment before, and a read that overlaps that write sees half of each (a bad
     * checksum) or a block that another tree now owns; neither is damage of the filesystem.
     */
    @Override
    public boolean live() {
        return live;
    }

    /** Reads the superblock and, when it changed, the root tree again. */
    @Override
    public Optional<TreeLink> currentRoot(long tree) {
        return currentRoots.of(tree);
    }

    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        readSpan(List.of(copy), List.of(logical), List.of(done));
    }

    /** One I/O on the device's pool for a span of blocks: one positional read, then each validated. */
    @Override
    public void readSpan(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
        submit(copies, logicals, done, fs.blockReader(), false);
    }

    /** A read of the zone stream: as {@link #readSpan}, through the stream's O_DIRECT reader where there is one. */
    @Override
    public void streamSpan(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done) {
        submit(copies, logicals, done, streamReader(), true);
    }

    /** The stream's reader, opened on first use ({@link StreamReader}); the filesystem's own where there is none. */
    private synchronized BlockReader streamReader() {
        if (!streamReaderOpened && !closed) {
            streamReaderOpened = true;
            streamReader = StreamReader.open(fs);
        }
        return streamReader != null ? streamReader.reader() : fs.blockReader();
    }

    private void submit(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done, BlockReader reader,
            boolean stream) {
        long devid = copies.get(0).devid();
        ExecutorService pool = ioPools.get(devid);
        if (pool == null) {
            done.forEach(d -> d.failed("devid " + Long.toUnsignedString(devid) + " is not present"));
            return;
        }
        String stall = stalled.get(devid);
        if (stall != null) {
            // no new read joins the queue behind a stuck one: the run ends in one timeout, not one per read
            done.forEach(d -> d.failed(stall));
            return;
        }
        ReadTask task = new ReadTask(List.copyOf(copies), List.copyOf(logicals), System.nanoTime(), List.copyOf(done),
                reader, stream);
        unanswered.add(task);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.fail(CLOSED);
        }
    }

    /**
     * One read on a device's pool. Answered once: by the read, by the timeout or by closing,
     * whichever comes first; the others then find it answered and say nothing.
     */
    private final class ReadTask implements Runnable {
        private final List<StripeCopy> copies;
        private final List<Long> logicals;
        private final long issued;
        private final List<ReadCallback> done;
        /** The filesystem's block reader, or the zone stream's. */
        private final BlockReader reader;
        /** A read of the zone stream: its leaves are answered without their contents ({@link #streamed}). */
        private final boolean stream;
        private final AtomicBoolean answered = new AtomicBoolean();
        /** Past the device read, waiting out the pacing model: not the device's delay. */
        private volatile boolean pacing;

        ReadTask(List<StripeCopy> copies, List<Long> logicals, long issued, List<ReadCallback> done,
                BlockReader reader, boolean stream) {
            this.reader = reader;
            this.stream = stream;
            this.copies = copies;
            this.logicals = logicals;
            this.issued = issued;
            this.done = done;
        }

        @Override
        public void run() {
            if (closed) {
                fail(CLOSED);
            } else if (!answered.get()) {
                readNow(this);
            }
        }

        long devid() {
            return copies.get(0).devid();
        }

        /** Takes the right to answer; false if the read was answered already. */
        boolean answer() {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            unanswered.remove(this);
            return true;
        }

        void fail(String reason) {
            if (answer()) {
                done.forEach(d -> d.failed(reason));
            }
        }
    }

    /** On an I/O thread: read and validate the copies, wait out the model, then call back. */
    private void readNow(ReadTask task) {
        List<Answer> reads;
        try {
            reads = task.stream ? streamed(task.reader, task.copies, task.logicals)
                    : readCopies(task.reader, task.copies, task.logicals).stream().map(r -> Answer.of(r, true))
                            .toList();
        } catch (RuntimeException e) {
            task.fail("reading failed: " + e);
            return;
        } catch (OutOfMemoryError e) {
            // the buffer of a coalesced read or the parsed block: this read fails, the run goes on
            task.fail("out of memory while reading (" + e.getMessage() + ")");
            return;
        } finally {
            stalled.remove(task.devid()); // the device answered (if late): it is not stalled any more
        }
        task.pacing = true;
        if (!pace(task.copies.get(0), task.issued, spanBytes(task.copies))) {
            task.fail(CLOSED);
            return;
        }
        if (!task.answer()) {
            return; // timed out or closed meanwhile: its callbacks were told already
        }
        for (int i = 0; i < reads.size(); i++) {
            Answer read = reads.get(i);
            if (read.block() != null) {
                task.done.get(i).completed(read.block());
            } else if (live && changing(read.bad())) {
                task.done.get(i).completed(readAgain(task.copies.get(i), task.logicals.get(i)));
            } else {
                task.done.get(i).failed(reason(read.bad()));
            }
        }
    }

    /**
     * The watchdog: every read the device has not answered within the timeout fails, and the
     * device counts as stalled until its stuck read returns.
     */
    private void failOverdue() {
        long now = System.nanoTime();
        long timeout = readTimeout.toNanos();
        for (ReadTask task : unanswered) {
            if (!task.pacing && now - task.issued > timeout) {
                String device = "devid " + Long.toUnsignedString(task.devid());
                String seconds = seconds(readTimeout);
                stalled.putIfAbsent(task.devid(), device + " is not answering: a read has been stuck for more than "
                        + seconds + " (read timeout)");
                task.fail("read timed out: " + device + " did not answer within " + seconds);
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /**
     * A copy whose contents are wrong (not one the device could not read at all): on a live
     * filesystem possibly caught while the kernel writes it.
     */
    private static boolean changing(BlockRead.Bad bad) {
        return bad.problems().stream().noneMatch(p -> p.kind() == BlockProblem.Kind.READ_ERROR
                || p.kind() == BlockProblem.Kind.DEVICE_MISSING || p.kind() == BlockProblem.Kind.UNMAPPED);
    }

    /** The second read of a copy that did not validate on a live filesystem. */
    private ReadBlock readAgain(StripeCopy copy, long logical) {
        try {
            return switch (readCopy(fs.blockReader(), copy, logical)) {
                case BlockRead.Good good -> toReadBlock(good, true);
                case BlockRead.Bad bad -> ReadBlock.changed(reason(bad));
            };
        } catch (RuntimeException e) {
            return ReadBlock.changed("reading again failed: " + e);
        }
    }

    /** A copy read: the block, or why it is not one. */
    private record Answer(ReadBlock block, BlockRead.Bad bad) {
        /** @param leafLinks a leaf answered keeps its bytes for the links a follower asks for */
        static Answer of(BlockRead read, boolean leafLinks) {
            return switch (read) {
                case BlockRead.Good good -> new Answer(toReadBlock(good, leafLinks), null);
                case BlockRead.Bad bad -> new Answer(null, bad);
            };
        }
    }

    /**
     * A read of the zone stream: as {@link #readCopies}, each block validated in one scratch array
     * and answered at once; a leaf without its contents (the stream serves only controls that do
     * not follow leaves), so that no block's bytes are kept.
     */
    private List<Answer> streamed(BlockReader reader, List<StripeCopy> copies, List<Long> logicals) {
        List<Answer> answers = new ArrayList<>(copies.size());
        reader.checkSpan(logicals, mirrors(copies), BlockExpectation.NONE, runBuffer(spanBytes(copies)),
                (i, read) -> answers.add(Answer.of(read, false)));
        return answers;
    }

    private List<BlockRead> readCopies(BlockReader reader, List<StripeCopy> copies, List<Long> logicals) {
        if (copies.size() == 1) {
            return List.of(readCopy(reader, copies.get(0), logicals.get(0)));
        }
        return reader.readSpan(logicals, mirrors(copies), BlockExpectation.NONE, runBuffer(spanBytes(copies)));
    }

    private static List<Mirror> mirrors(List<StripeCopy> copies) {
        return copies.stream().map(c -> new Mirror(c.devid(), c.physical())).toList();
    }

    /** The bytes one read of the copies takes: from the first to the end of the last. */
    private int spanBytes(List<StripeCopy> copies) {
        return (int) (copies.get(copies.size() - 1).physical() + fs.nodesize() - copies.get(0).physical());
    }

    /**
     * This I/O thread's buffer for coalesced reads, replaced when a read does not fit; direct, so
     * that the channel reads into it without a copy through a temporary buffer, page-aligned, so
     * that a device opened with O_DIRECT reads into it as it is, and in huge pages where asked
     * ({@link ReadBufferPool}).
     */
    private ByteBuffer runBuffer(int bytes) {
        ByteBuffer buffer = runBuffers.get();
        if (buffer.capacity() < bytes) {
            buffer = readBuffers.take(bytes);
            runBuffers.set(buffer);
        }
        return buffer;
    }

    /** How many I/O threads read into a huge-page slot so far. */
    public int hugePageSlots() {
        return readBuffers.slots();
    }

    /**
     * Reads exactly {@code copy} (no fallback here: the engine decides whether to read another
     * copy, see {@link btrfs.workbench.readahead.ReadaheadConfig#failover()}). The
     * block's own generation and level are not checked here: the readahead hook compares them
     * with what each control expects. Checksum, bytenr, fsid and structure are.
     */
    private static BlockRead readCopy(BlockReader reader, StripeCopy copy, long logical) {
        return reader.readCopy(logical, new Mirror(copy.devid(), copy.physical()), BlockExpectation.NONE);
    }

    /**
     * Sleeps until the modelled device would have finished the read; false if the target was
     * closed meanwhile. Polls a flag instead of being interrupted: an interrupt inside a
     * FileChannel read would close the channel for every other reader of the device.
     */
    private boolean pace(StripeCopy copy, long issued, int bytes) {
        DeviceClock clock = clocks.get(copy.devid());
        if (clock == null) {
            return true;
        }
        long until = clock.book(issued, copy.physical(), bytes);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            if (closed) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, CLOSE_POLL_NANOS));
        }
        return !closed;
    }

    /**
     * @param leafLinks whether a leaf's links can be asked for (it keeps the leaf's bytes); not for
     *                  the zone stream, whose leaves live in a scratch array only during the read
     */
    private static ReadBlock toReadBlock(BlockRead.Good good, boolean leafLinks) {
        ReadBlock block = switch (good.block()) {
            case Node node -> ReadBlock.node(node.level(), node.generation(), node.pointers());
            // the leaf's links are parsed only if a readahead that follows leaves asks
            case Leaf leaf -> ReadBlock.leaf(leaf.generation(), (int) leaf.header().nritems(),
                    leafLinks ? () -> LeafLinkReader.links(leaf) : LeafLinks.NONE);
        };
        return block.withFingerprint(fingerprint(good.block().header().csum()));
    }

    /**
     * The first 8 bytes of the block's checksum field: the read verified it against the whole
     * block, so it stands for the block's bytes (crc32c fills only 4 of them: still one chance in
     * 2^32 that two different valid copies look alike). Never {@link ReadBlock#NO_FINGERPRINT}.
     */
    static long fingerprint(byte[] csum) {
        long print = java.nio.ByteBuffer.wrap(csum, 0, Long.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return print == ReadBlock.NO_FINGERPRINT ? 1 : print;
    }

    /** The problem of the copy read, as the user reads it: "checksum mismatch: ...". */
    private static String reason(BlockRead.Bad bad) {
        if (bad.problems().isEmpty()) {
            return "unreadable";
        }
        BlockProblem p = bad.problems().get(0);
        return p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + p.reason();
    }

    private synchronized void closeStreamReader() {
        if (streamReader != null) {
            streamReader.close();
            streamReader = null;
        }
    }

    /**
     * After {@link #close()}: waits until every I/O thread has ended; false if one is still
     * stuck in a device read after {@code timeout}.
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService pool : ioPools.values()) {
            if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the I/O threads. Reads not yet started, reads being paced and reads stuck on a
     * device fail, so that no control waits for a read that will never come; reads on a device
     * right now get a few seconds (all devices together) to finish first.
     */
    @Override
    public void close() {
        closed = true;
        for (ExecutorService pool : ioPools.values()) {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        try {
            for (Map.Entry<Long, ExecutorService> pool : ioPools.entrySet()) {
                if (!stalled.containsKey(pool.getKey())) { // a stalled device's read will not end for waiting
                    pool.getValue().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (ReadTask task : unanswered) {
                task.fail(CLOSED); // queued behind a stuck read, or stuck itself
            }
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            closeStreamReader();
        }
    }
}

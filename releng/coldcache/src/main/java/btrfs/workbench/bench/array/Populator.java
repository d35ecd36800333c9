package btrfs.workbench.bench.array;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * Fills a mounted array like years of use would: directories of small files in the top level
 * (the fs tree, tree 5, which {@code dump-tree -t fs} and the fs-tree readahead read), then
 * rounds of read-only snapshot + churn (rewrites, deletions, new xattrs and files). A snapshot
 * keeps the old leaves, so every rewrite copies its leaf to wherever the allocator finds room;
 * deleting the oldest snapshot punches holes into the block groups that later rounds fill. The
 * trees end up scattered over all metadata block groups, as on an aged filesystem.
 */
final class Populator {

    static final int FILES_PER_DIR = 400;
    /** About what one directory of small files adds to the metadata: sizes the batches between two usage checks. */
    private static final long BYTES_PER_DIR = 600 * 1024;
    private static final int MAX_DIRS_PER_BATCH = 48;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 40;
    /** Snapshots kept; the oldest beyond them is deleted. */
    private static final int KEEP_SNAPSHOTS = 2;
    /** Of the directories, the percentage one round of churn touches. */
    private static final int CHURN_PERCENT = 40;
    /** The machine has two cores; more writers only contend for the tree locks. */
    private static final int WRITERS = 2;

    /** What populating produced. */
    record Outcome(long files, int snapshots, int rounds, SpaceInfo.Usage usage) {
    }

    private final Path top;
    private final ArraySpec spec;
    private final SpaceInfo space;
    private final SystemCommands commands;
    private final PrintStream log;
    private final SmallFiles content;
    private final Random random;
    private final List<BitSet> alive = new ArrayList<>();
    private final Deque<Path> snapshots = new ArrayDeque<>();
    private final AtomicLong created = new AtomicLong();
    private int rounds;
    private int snapshotNumber;

    Populator(Path top, ArraySpec spec, SpaceInfo space, SystemCommands commands, PrintStream log) {
        this.top = top;
        this.spec = spec;
        this.space = space;
        this.commands = commands;
        this.log = log;
        long seed = spec.name().hashCode();
        this.content = new SmallFiles(seed);
        this.random = new Random(seed);
    }

    Outcome populate() throws BenchException {
        grow(spec.metadataTarget() * 6 / 10);
        SpaceInfo.Usage usage = space.read();
        while (rounds < MIN_ROUNDS || !reached(usage)) {
            if (rounds >= MAX_ROUNDS) {
                throw new BenchException(spec.name() + ": after " + rounds + " rounds only " + text(usage)
                        + "; the devices are too small for " + spec.minMetadataGroups() + " metadata block groups");
            }
            round(usage);
            usage = space.read();
        }
        return new Outcome(created.get(), snapshots.size(), rounds, usage);
    }

    private boolean reached(SpaceInfo.Usage usage) {
        return usage.used() >= spec.metadataTarget()
                && usage.allocated() >= spec.minMetadataGroups() * spec.largestMetadataChunk();
    }

    /** Snapshot, maybe delete the oldest, churn, and grow a little: each round adds metadata. */
    private void round(SpaceInfo.Usage usage) throws BenchException {
        rounds++;
        snapshot();
        if (snapshots.size() > KEEP_SNAPSHOTS) {
            deleteOldestSnapshot();
        }
        churn();
        grow(usage.used() + spec.metadataTarget() / 10);
        log.printf(Locale.ROOT, "  %s: round %d, %s%n", spec.name(), rounds, text(space.read()));
    }

    private void snapshot() throws BenchException {
        Path snapshot = top.resolve(String.format(Locale.ROOT, "snap-%02d", ++snapshotNumber));
        commands.check(Duration.ofMinutes(10), "btrfs", "subvolume", "snapshot", "-r", top.toString(),
                snapshot.toString());
        snapshots.addLast(snapshot);
    }

    /** Deletes the oldest snapshot and waits for the cleaner, so its blocks are free for what follows. */
    private void deleteOldestSnapshot() throws BenchException {
        Path oldest = snapshots.removeFirst();
        commands.check(Duration.ofMinutes(10), "btrfs", "subvolume", "delete", oldest.toString());
        // the sync ioctl wakes the transaction thread, which wakes the cleaner: without it the
        // cleaner would start at the next periodic commit, up to 30 s later
        commands.check(Duration.ofMinutes(10), "btrfs", "filesystem", "sync", top.toString());
        commands.check(Duration.ofMinutes(30), "btrfs", "subvolume", "sync", top.toString());
    }

    /** Creates directories of new files until the metadata in use reaches {@code used}. */
    private void grow(long used) throws BenchException {
        for (long missing = used - space.read().used(); missing > 0; missing = used - space.read().used()) {
            int dirs = (int) Math.max(1, Math.min(MAX_DIRS_PER_BATCH, missing / BYTES_PER_DIR));
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < dirs; i++) {
                int dir = alive.size();
                alive.add(new BitSet(FILES_PER_DIR));
                tasks.add(() -> createDir(dir));
            }
            runAll(tasks);
        }
    }

    private Void createDir(int dir) throws IOException {
        Path path = Files.createDirectories(dirPath(dir));
        Random r = new Random(random(dir, 0));
        BitSet files = alive.get(dir);
        for (int file = 0; file < FILES_PER_DIR; file++) {
            Path p = path.resolve(SmallFiles.name(file));
            content.write(p, SmallFiles.size(r), r);
            if (r.nextInt(10) == 0) {
                content.tag(p, r);
            }
            files.set(file);
        }
        created.addAndGet(FILES_PER_DIR);
        return null;
    }

    /** Rewrites, deletes and tags files in a share of the directories (their leaves are copied). */
    private void churn() throws BenchException {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int dir = 0; dir < alive.size(); dir++) {
            if (random.nextInt(100) < CHURN_PERCENT) {
                int d = dir;
                long seed = random(dir, rounds);
                tasks.add(() -> churnDir(d, new Random(seed)));
            }
        }
        runAll(tasks);
    }

    private Void churnDir(int dir, Random r) throws IOException {
        BitSet files = alive.get(dir);
        Path path = dirPath(dir);
        for (int file = files.nextSetBit(0); file >= 0; file = files.nextSetBit(file + 1)) {
            Path p = path.resolve(SmallFiles.name(file));
            int dice = r.nextInt(20);
            if (dice < 5) {
                content.write(p, SmallFiles.size(r), r);
            } else if (dice < 7) {
                Files.delete(p);
                files.clear(file);
            } else if (dice == 7) {
                content.tag(p, r);
            }
        }
        return null;
    }

    private Path dirPath(int dir) {
        return top.resolve("data").resolve(String.format(Locale.ROOT, "d%05d", dir));
    }

    private long random(int dir, int round) {
        return spec.name().hashCode() * 1_000_003L + dir * 1009L + round;
    }

    /** Runs the tasks on the writers; the first failure (full device, I/O error) stops the build. */
    private void runAll(List<Callable<Void>> tasks) throws BenchException {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Void>> futures = writers.invokeAll(tasks);
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new BenchException(spec.name() + ": writing files failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(spec.name() + ": interrupted while writing files", e);
        } finally {
            writers.shutdownNow();
        }
    }

    static String text(SpaceInfo.Usage usage) {
        return String.format(Locale.ROOT, "metadata %.0f MiB in use of %.0f MiB allocated", usage.used() / 1048576.0,
                usage.allocated() / 1048576.0);
    }
}

package btrfs.workbench.bench.array;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * Ages a mounted array like years of use would: directories of small files in the top level
 * (the fs tree, tree 5, which {@code dump-tree -t fs} and the fs-tree readahead read), then
 * rounds of read-only snapshot + churn (rewrites, deletions, new xattrs) + more files. A snapshot
 * keeps the old leaves, so every rewrite copies its leaf to wherever the allocator finds room;
 * deleting the oldest snapshot punches holes into the block groups that later rounds fill. The
 * trees end up scattered over all metadata block groups, as on an aged filesystem.
 * <p>
 * What a file looks like is populate.py's ({@link PopulateScript}); how many, and when to
 * snapshot, is decided here from the metadata the kernel reports.
 */
final class ArrayAging {

    static final int FILES_PER_DIR = 400;
    /** Of the directories, the percentage one round of churn touches. */
    private static final int CHURN_PERCENT = 40;
    /** About what one directory of small files adds to the metadata: sizes the batches between two usage checks. */
    private static final long BYTES_PER_DIR = 600 * 1024;
    private static final int MAX_DIRS_PER_BATCH = 48;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 40;
    /** Snapshots kept; the oldest beyond them is deleted. */
    private static final int KEEP_SNAPSHOTS = 2;

    /** What aging produced. */
    record Outcome(long files, int snapshots, int rounds, SpaceInfo.Usage usage) {
    }

    private final Path top;
    private final ArraySpec spec;
    private final SpaceInfo space;
    private final SystemCommands commands;
    private final PopulateScript populate;
    private final PrintStream log;
    private final Deque<Path> snapshots = new ArrayDeque<>();
    private int dirs;
    private int rounds;
    private int snapshotNumber;

    ArrayAging(Path top, ArraySpec spec, SpaceInfo space, SystemCommands commands, PopulateScript populate,
            PrintStream log) {
        this.top = top;
        this.spec = spec;
        this.space = space;
        this.commands = commands;
        this.populate = populate;
        this.log = log;
    }

    Outcome age() throws BenchException {
        grow(spec.metadataTarget() * 6 / 10);
        SpaceInfo.Usage usage = space.read();
        while (rounds < MIN_ROUNDS || !reached(usage)) {
            if (rounds >= MAX_ROUNDS) {
                throw new BenchException(spec.name() + ": after " + rounds + " rounds only " + usage.text()
                        + "; the devices are too small for " + spec.minMetadataGroups() + " metadata block groups");
            }
            round(usage);
            usage = space.read();
        }
        return new Outcome((long) dirs * FILES_PER_DIR, snapshots.size(), rounds, usage);
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
        populate.churn(rounds, dirs, CHURN_PERCENT);
        grow(usage.used() + spec.metadataTarget() / 10);
        log.printf(Locale.ROOT, "  %s: round %d, %s%n", spec.name(), rounds, space.read().text());
    }

    private void snapshot() {
        Path snapshot = top.resolve(String.format(Locale.ROOT, "snap-%02d", ++snapshotNumber));
        commands.check(Duration.ofMinutes(10), "btrfs", "subvolume", "snapshot", "-r", top.toString(),
                snapshot.toString());
        snapshots.addLast(snapshot);
    }

    /** Deletes the oldest snapshot and waits for the cleaner, so its blocks are free for what follows. */
    private void deleteOldestSnapshot() {
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
            int batch = (int) Math.max(1, Math.min(MAX_DIRS_PER_BATCH, missing / BYTES_PER_DIR));
            populate.smallFiles(dirs, batch, FILES_PER_DIR);
            dirs += batch;
        }
    }
}

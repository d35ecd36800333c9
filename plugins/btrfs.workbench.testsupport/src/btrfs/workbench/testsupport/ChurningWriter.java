package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a mounted btrfs (a scratch copy on loop devices) changing while readaheads read it:
 * files created, rewritten and deleted, snapshots taken and deleted, a commit every round — so
 * that tree blocks are freed and written again under a run. Run it on a thread of its own;
 * {@link #stop} ends it after the round in progress.
 */
public final class ChurningWriter implements Runnable {

    public final AtomicBoolean stop = new AtomicBoolean();
    public final AtomicLong commits = new AtomicLong();
    public final AtomicLong snapshots = new AtomicLong();
    private final Path mnt;
    private final Random random = new Random(42);

    public ChurningWriter(Path mnt) {
        this.mnt = mnt;
    }

    @Override
    public void run() {
        try {
            for (int round = 0; !stop.get(); round++) {
                churn(round);
                if (round % 3 == 0) {
                    snapshot(round);
                }
                SystemCommands.run("btrfs", "filesystem", "sync", mnt.toString());
                commits.incrementAndGet();
            }
        } catch (IOException e) {
            throw new IllegalStateException("writer: " + e, e);
        }
    }

    private void churn(int round) throws IOException {
        Path dir = Files.createDirectories(mnt.resolve("churn-" + (round % 4)));
        for (int i = 0; i < 60; i++) {
            byte[] data = new byte[random.nextInt(6000) + 1];
            random.nextBytes(data);
            try {
                Files.write(dir.resolve("f" + random.nextInt(200)), data);
            } catch (IOException e) {
                clear(dir); // full: make room
            }
        }
        if (round % 4 == 3) {
            clear(mnt.resolve("churn-" + random.nextInt(4)));
        }
    }

    private void snapshot(int round) {
        Path snap = mnt.resolve("snap-" + round);
        if (SystemCommands.run("btrfs", "subvolume", "snapshot", mnt.toString(), snap.toString()).ok()) {
            snapshots.incrementAndGet();
        }
        Path old = mnt.resolve("snap-" + (round - 9));
        if (Files.isDirectory(old)) {
            SystemCommands.run("btrfs", "subvolume", "delete", old.toString());
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}

package btrfs.workbench.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.testsupport.ChurningWriter;
import btrfs.workbench.testsupport.LoopDevices;
import btrfs.workbench.testsupport.SystemCommands;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.ui.testing.Launches;

/**
 * A readahead launched from the GUI on a filesystem the kernel has mounted and keeps changing: as
 * the CLI (the same session code decides), the run knows the filesystem is live, so blocks
 * rewritten under it are generation skips, restarts or changes — never errors or bad copies.
 * Needs root and loop devices (attached, mounted and detached here); skips cleanly otherwise.
 */
class MountedFilesystemTest {

    private static final int RUNS = 3;

    @TempDir
    Path scratch;

    @Test
    void aGuiRunOfAMountedFilesystemCountsRewrittenBlocksAsChangesNotBadCopies() throws Exception {
        try (LoopDevices system = LoopDevices.forRootTest()) {
            List<Path> loops = system.attachCopies(TestArrays.named("raid1-blake2-16k"), scratch).loops();
            Path mnt = Files.createDirectory(scratch.resolve("mnt"));
            system.mountBtrfs(loops, mnt, "rw,noatime");
            ChurningWriter writer = new ChurningWriter(mnt);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            List<String> problems = new ArrayList<>();
            long skips = 0;
            long changed = 0;
            try {
                Future<?> writing = thread.submit(writer);
                Thread.sleep(300); // the first transactions commit
                BtrfsArray array = Launches.scanned(loops);
                for (int i = 0; i < RUNS; i++) {
                    // every tree, one block per read, one at a time, 5 ms each: several seconds in
                    // which the writer commits dozens of times and rewrites much of what is read
                    RunSpec spec = Launches.oneTree(array, new IoModel(Duration.ofMillis(5), 0, false),
                            ObjectIds.ROOT_TREE).toBuilder().coalesce(false).maxInFlight(1).direct(true)
                            .following(new Following(true, true)).build();
                    RunJob job = Launches.runToEnd(array, spec);
                    assertTrue(job.live().session().live(), "the GUI's run sees the filesystem mounted");
                    for (ReadaheadControl control : job.live().controls()) {
                        ControlSnapshot done = control.progress();
                        FollowProgress following = control.following();
                        skips += done.generationSkips();
                        changed += following.changed();
                        if (done.errors() > 0 || done.badCopies() > 0) {
                            problems.add("run " + i + " " + done.label() + ": " + done.errorList() + " "
                                    + done.badCopyList());
                        }
                    }
                }
                writer.stop.set(true);
                writing.get(60, TimeUnit.SECONDS);
            } finally {
                writer.stop.set(true);
                thread.shutdownNow();
            }
            System.out.printf("GUI runs of a mounted filesystem: %d commits, generation skips %d, changed %d%n",
                    writer.commits.get(), skips, changed);
            assertTrue(writer.commits.get() > RUNS, "the writer committed transactions: " + writer.commits);
            assertTrue(skips + changed > 0, "the runs met blocks the writer rewrote under them");
            assertTrue(system.unmount(mnt), "unmount");
            boolean clean = SystemCommands.run("btrfs", "check", "--readonly", loops.get(0).toString()).ok();
            if (clean) {
                assertEquals(List.of(), problems, "changes taken for errors or bad copies");
            }
        }
    }
}

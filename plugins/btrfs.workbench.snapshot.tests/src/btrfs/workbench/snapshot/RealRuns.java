package btrfs.workbench.snapshot;

import java.io.IOException;
import java.time.Duration;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;
import btrfs.workbench.testsupport.TestArray;

/** Snapshots of real readaheads of every tree of a committed test array, as the CLI and GUI take them. */
public final class RealRuns {

    /** Reads seen before a mid-run snapshot: the paced run still has most of its queue then. */
    private static final int MID_RUN_READS = 20;

    private RealRuns() {
    }

    static BtrfsFilesystem open(TestArray array) {
        return ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(array.unpackedImages())).filesystem();
    }

    /** Every tree of {@code array}, paced by {@code io}: a run as the session starts it for the GUI and CLI. */
    public static RunSpec everyTree(TestArray array, IoModel io) throws IOException {
        try (BtrfsFilesystem fs = open(array)) {
            return RunSpec.builder().devices(array.unpackedImages())
                    .trees(fs.treeRoots().stream().map(TreeRoot::id).toList()).io(io).build();
        }
    }

    /**
     * Taken while a paced run (5 ms per read) is going, then cancelled; without zone streaming,
     * which serves most blocks without queueing them: the snapshot holds queues.
     */
    static DiagnosticSnapshot midRun(TestArray array) throws Exception {
        RunSpec perBlock = everyTree(array, new IoModel(Duration.ofMillis(5), 0, false)).toBuilder()
                .streamZones(StreamZones.OFF).build();
        try (LiveRun run = ArraySession.launch(perBlock, "1.2.3")) {
            while (run.engine().snapshot().totals().reads() < MID_RUN_READS) {
                Thread.sleep(5);
            }
            DiagnosticSnapshot taken = run.snapshot();
            run.cancel();
            return taken;
        }
    }

    /** Taken when an unpaced run has finished: every control done, queues empty. */
    static DiagnosticSnapshot finished(TestArray array) throws Exception {
        try (LiveRun run = ArraySession.launch(everyTree(array, IoModel.NONE), "1.2.3")) {
            run.await();
            return run.snapshot();
        }
    }

    /** The array alone, as {@code btrfs-workbench snapshot} takes it. */
    static DiagnosticSnapshot arrayOnly(TestArray array) throws IOException {
        try (BtrfsFilesystem fs = open(array)) {
            return Snapshots.ofArray("1.2.3", fs);
        }
    }
}

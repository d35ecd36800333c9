package btrfs.workbench.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.testsupport.TestArray;

/** Snapshots of real readaheads of every tree of a committed test array, as the CLI and GUI take them. */
final class RealRuns {

    /** Reads seen before a mid-run snapshot: the paced run still has most of its queue then. */
    private static final int MID_RUN_READS = 20;
    private static final Map<Long, List<DiagnosticSnapshot.Sample>> THROUGHPUT = Map.of(1L,
            List.of(new DiagnosticSnapshot.Sample(5, 16384), new DiagnosticSnapshot.Sample(50_000_000, 81920)));

    private RealRuns() {
    }

    static BtrfsFilesystem open(TestArray array) {
        return ((FilesystemOpen.Opened) BtrfsFilesystem.openPaths(array.unpackedImages())).filesystem();
    }

    /** Taken while a paced run (5 ms per read) is going, then cancelled. */
    static DiagnosticSnapshot midRun(TestArray array) throws Exception {
        try (BtrfsFilesystem fs = open(array);
                ReadaheadRun run = ReadaheadRun.prepare(fs, ReadaheadConfig.defaults(),
                        new IoModel(Duration.ofMillis(5), 0, false))) {
            HeatmapRecorder heat = new HeatmapRecorder(run.target(), DeviceLayouts.of(fs), 4096);
            run.engine().addListener(heat);
            run.add(fs.treeRoots(), Key.MIN, Key.MAX);
            while (run.engine().snapshot().totals().reads() < MID_RUN_READS) {
                Thread.sleep(5);
            }
            DiagnosticSnapshot taken = Snapshots.ofRun("1.2.3", fs, run.engine(), run.controls(), THROUGHPUT,
                    heat.snapshot());
            run.cancel();
            return taken;
        }
    }

    /** Taken when an unpaced run has finished: every control done, queues empty. */
    static DiagnosticSnapshot finished(TestArray array) throws Exception {
        try (BtrfsFilesystem fs = open(array);
                ReadaheadRun run = ReadaheadRun.prepare(fs, ReadaheadConfig.defaults(), IoModel.NONE)) {
            HeatmapRecorder heat = new HeatmapRecorder(run.target(), DeviceLayouts.of(fs), 4096);
            run.engine().addListener(heat);
            run.add(fs.treeRoots(), Key.MIN, Key.MAX);
            run.await();
            return Snapshots.ofRun("1.2.3", fs, run.engine(), run.controls(), THROUGHPUT, heat.snapshot());
        }
    }

    /** The array alone, as {@code btrfs-workbench snapshot} takes it. */
    static DiagnosticSnapshot arrayOnly(TestArray array) throws IOException {
        try (BtrfsFilesystem fs = open(array)) {
            return Snapshots.ofArray("1.2.3", fs);
        }
    }
}

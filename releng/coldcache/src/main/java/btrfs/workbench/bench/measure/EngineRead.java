package btrfs.workbench.bench.measure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.state.ControlSnapshot;

/**
 * This engine, in process, exactly as {@code readahead --tree ... DEV...} runs it: open the
 * filesystem (superblock, chunk tree, root tree — part of the time, as for the peers), one
 * control per tree over the whole key range, wait for all.
 */
final class EngineRead {

    private EngineRead() {
    }

    static Sample run(List<Path> devices, ReadaheadConfig config, boolean direct, Scope scope) throws BenchException {
        long started = System.nanoTime();
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices, direct);
        if (!(opened instanceof FilesystemOpen.Opened ok)) {
            return new Sample(0, -1, -1, "does not open: " + ((FilesystemOpen.Failed) opened).reason());
        }
        try (BtrfsFilesystem fs = ok.filesystem()) {
            long openNanos = System.nanoTime() - started;
            return readahead(fs, config, roots(fs, scope), openNanos);
        } catch (IOException e) {
            throw new BenchException("closing " + devices + ": " + e.getMessage(), e);
        }
    }

    private static List<TreeRoot> roots(BtrfsFilesystem fs, Scope scope) throws BenchException {
        if (scope == Scope.ALL) {
            return fs.treeRoots();
        }
        return List.of(fs.treeRoot(ObjectIds.FS_TREE)
                .orElseThrow(() -> new BenchException("the array has no fs tree")));
    }

    private static Sample readahead(BtrfsFilesystem fs, ReadaheadConfig config, List<TreeRoot> roots, long openNanos)
            throws BenchException {
        ReadCounter counter = new ReadCounter();
        TimelineRecorder timeline = new TimelineRecorder(fs.nodesize());
        try (ReadaheadRun run = ReadaheadRun.prepare(fs, config, IoModel.NONE)) {
            run.engine().addListener(counter);
            run.engine().addListener(timeline);
            run.add(roots, Key.MIN, Key.MAX);
            List<ControlSnapshot> finals = run.await();
            double seconds = (openNanos + run.elapsedNanos()) / 1e9;
            long errors = finals.stream().mapToLong(ControlSnapshot::errors).sum();
            String error = errors == 0 ? null : errors + " tree block(s) could not be read";
            return new Sample(seconds, counter.blocks(), counter.reads() * fs.nodesize(), error, timeline.lanes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted during a readahead", e);
        }
    }

    /**
     * Blocks read, and how often: a block shared by trees is read again when a control reaches it
     * after an earlier read of it completed (the engine keeps no cache, as reada.c kept none), so
     * reads can exceed the distinct blocks.
     */
    private static final class ReadCounter implements ReadaheadListener {
        private final Set<Long> blocks = ConcurrentHashMap.newKeySet();
        private final AtomicLong reads = new AtomicLong();

        @Override
        public void onEvent(ReadaheadEvent event) {
            if (event instanceof ReadaheadEvent.Complete c && c.ok()) {
                blocks.add(c.logical());
                reads.incrementAndGet();
            }
        }

        long blocks() {
            return blocks.size();
        }

        long reads() {
            return reads.get();
        }
    }
}

package btrfs.workbench.bench.measure;

import java.util.Arrays;
import java.util.List;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.RunSpecException;
import btrfs.workbench.session.SessionException;
import btrfs.workbench.session.run.ArraySession;
import btrfs.workbench.session.run.LiveRun;

/**
 * This engine, in process, exactly as {@code readahead --tree ... DEV...} runs it: the same
 * {@link RunSpec} and session (open the array: superblock, chunk tree, root tree, the mounted
 * check — part of the time, as for the peers), one control per tree over the whole key range,
 * wait for all.
 */
final class EngineRead {

    private EngineRead() {
    }

    /**
     * @param spec the run's settings and devices; its trees are replaced by {@code scope}'s
     */
    static Sample run(RunSpec spec, Scope scope) throws BenchException {
        long started = System.nanoTime();
        try (ArraySession session = ArraySession.open(spec)) {
            RunSpec scoped = spec.toBuilder().trees(trees(session.array().filesystem(), scope)).build();
            return readahead(session, scoped, started);
        } catch (SessionException e) {
            return new Sample(0, -1, -1, "does not run: " + e.getMessage());
        } catch (RunSpecException e) {
            throw new BenchException("the benchmark's own run is refused: " + e.getMessage(), e);
        }
    }

    private static List<Long> trees(BtrfsFilesystem fs, Scope scope) throws BenchException {
        if (scope == Scope.ALL) {
            return fs.treeRoots().stream().map(TreeRoot::id).toList();
        }
        if (fs.treeRoot(ObjectIds.FS_TREE).isEmpty()) {
            throw new BenchException("the array has no fs tree");
        }
        return List.of(ObjectIds.FS_TREE);
    }

    /**
     * The run from {@code started} (before the array was opened) until it is over: its last control
     * finished and the engine idle — a zone stream's reads still in flight then are waited for,
     * as the command line waits for them before it exits.
     */
    private static Sample readahead(ArraySession session, RunSpec spec, long started)
            throws BenchException, SessionException {
        ReadCounter counter = new ReadCounter();
        int nodesize = session.array().filesystem().nodesize();
        TimelineRecorder timeline = new TimelineRecorder(nodesize);
        try (LiveRun run = session.start(spec, "bench", List.of(counter, timeline))) {
            List<ControlSnapshot> finals = run.await();
            double seconds = (System.nanoTime() - started) / 1e9;
            run.finish();
            long errors = finals.stream().mapToLong(ControlSnapshot::errors).sum();
            String error = errors == 0 ? null : errors + " tree block(s) could not be read";
            return new Sample(seconds, counter.blocks(), counter.reads() * nodesize, error, timeline.lanes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted during a readahead", e);
        }
    }

    /**
     * Blocks read, and how often: a block shared by trees is read again when a control reaches it
     * after an earlier read of it completed (the engine keeps no cache, as reada.c kept none), so
     * reads can exceed the distinct blocks. Cheap while the run is timed (the engine delivers
     * events one at a time: each address is appended to an array), counted after it: a concurrent
     * set of boxed addresses had been a tenth of the CPU samples of a timed run, a cost the CLI
     * does not pay.
     */
    private static final class ReadCounter implements ReadaheadListener {
        private long[] logicals = new long[1024];
        private int reads;

        @Override
        public synchronized void onEvent(ReadaheadEvent event) {
            if (event instanceof ReadaheadEvent.Complete c && c.ok()) {
                if (reads == logicals.length) {
                    logicals = Arrays.copyOf(logicals, reads * 2);
                }
                logicals[reads++] = c.logical();
            }
        }

        synchronized long blocks() {
            return Arrays.stream(logicals, 0, reads).distinct().count();
        }

        synchronized long reads() {
            return reads;
        }
    }
}

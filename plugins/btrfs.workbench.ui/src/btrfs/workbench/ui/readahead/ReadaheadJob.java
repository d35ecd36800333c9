package btrfs.workbench.ui.readahead;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.Totals;

/**
 * A readahead of every tree of an array, whole key range, as a Job: the Progress view shows the
 * blocks read so far and its Stop button cancels every control. The result is the job's status:
 * a summary, a warning when blocks could not be read.
 */
public final class ReadaheadJob extends Job {

    private static final String PLUGIN = "btrfs.workbench.ui";
    private static final long POLL_MS = 100;

    private final BtrfsArray array;

    public ReadaheadJob(BtrfsArray array) {
        super("Readahead of " + (array.label().isEmpty() ? array.fsid().toString() : array.label()));
        this.array = array;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        List<Path> devices = array.devices().stream().map(ArrayDevice::readPath).toList();
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices);
        if (opened instanceof FilesystemOpen.Failed failed) {
            return Status.error("Cannot open " + getName().substring("Readahead of ".length()) + ": " + failed.reason());
        }
        BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem();
        try (ReadaheadRun run = ReadaheadRun.start(fs, fs.treeRoots(), Key.MIN, Key.MAX, ReadaheadConfig.defaults(),
                IoModel.NONE, List.of())) {
            monitor.beginTask("Reading " + fs.treeRoots().size() + " trees ahead", IProgressMonitor.UNKNOWN);
            while (run.controls().stream().anyMatch(c -> !c.isDone())) {
                if (monitor.isCanceled()) {
                    run.cancel();
                }
                Totals t = run.engine().snapshot().totals();
                monitor.subTask(t.reads() + " blocks read, " + t.inFlight() + " in flight, " + t.errors() + " errors");
                Thread.sleep(POLL_MS);
            }
            List<ControlSnapshot> finals = run.await();
            return monitor.isCanceled() ? Status.CANCEL_STATUS : summary(finals, run.elapsedNanos(), fs.nodesize());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.CANCEL_STATUS;
        } finally {
            closeQuietly(fs);
            monitor.done();
        }
    }

    private static void closeQuietly(BtrfsFilesystem fs) {
        try {
            fs.close();
        } catch (IOException e) {
            // read-only devices: nothing is lost when closing fails
        }
    }

    private static IStatus summary(List<ControlSnapshot> finals, long nanos, int nodesize) {
        long blocks = finals.stream().mapToLong(ControlSnapshot::blocks).sum();
        long errors = finals.stream().mapToLong(ControlSnapshot::errors).sum();
        long skips = finals.stream().mapToLong(ControlSnapshot::generationSkips).sum();
        String text = String.format("%d trees: %d blocks (%s) in %.2f s, %d generation skips, %d errors",
                finals.size(), blocks, PrettySize.format(blocks * nodesize), nanos / 1e9, skips, errors);
        return new Status(errors > 0 ? IStatus.WARNING : IStatus.OK, PLUGIN, text);
    }
}

package btrfs.workbench.session.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.DiagnosticSnapshot;

/**
 * A run as a diagnostic snapshot recorded it, shown read-only in the live views without any
 * device. Its one frame never changes, except for the queue page the Extent queue view asks for.
 */
public final class SnapshotRun extends AnnouncedRun {

    private final DiagnosticSnapshot snapshot;
    private final Path file;
    private volatile RunFrame frame;

    public SnapshotRun(DiagnosticSnapshot snapshot, Path file) {
        if (snapshot.engine() == null) {
            throw new IllegalArgumentException(file + " holds the array only, no readahead to show");
        }
        this.snapshot = snapshot;
        this.file = file;
        this.frame = frameWith(QueuePage.NONE);
    }

    private RunFrame frameWith(QueuePage page) {
        boolean finished = snapshot.controls().stream().allMatch(ControlSnapshot::finished);
        return new RunFrame(snapshot.engine(), snapshot.controls(), snapshot.throughput(), page, snapshot.heatmap(),
                snapshot.engine().t(), finished);
    }

    public DiagnosticSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public String arrayName() {
        ArrayState array = snapshot.array();
        return array == null ? "?" : array.label().isEmpty() ? array.fsid() : array.label();
    }

    @Override
    public String label() {
        return arrayName() + " (snapshot " + file.getFileName() + ")";
    }

    @Override
    public RunFrame frame() {
        return frame;
    }

    @Override
    public List<BlockGroup> metadataZones(long devid) {
        List<BlockGroup> zones = new ArrayList<>();
        if (snapshot.array() != null) {
            for (ArrayState.Chunk chunk : snapshot.array().metadataChunks()) {
                if (chunk.stripes().stream().anyMatch(s -> s.devid() == devid)) {
                    zones.add(new BlockGroup(chunk.logical(), chunk.length()));
                }
            }
        }
        return zones;
    }

    /** The page comes from the recorded whole queue at once; the views hear of it with the next change. */
    @Override
    public void wantQueue(long devid, int from, int count) {
        List<ExtentSnapshot> all = queue(devid);
        int start = Math.min(Math.max(0, from), all.size());
        int end = Math.min(all.size(), start + Math.max(0, count));
        QueuePage current = frame.queue();
        if (current.devid() == devid && current.from() == start && current.extents().size() == end - start) {
            return; // shown already: asking again must not start a loop of frames
        }
        frame = frameWith(new QueuePage(devid, start, all.subList(start, end)));
        announce();
    }

    private List<ExtentSnapshot> queue(long devid) {
        return snapshot.queues().getOrDefault(devid, List.of());
    }

    @Override
    public String offlineMark() {
        return "snapshot " + snapshot.created();
    }
}

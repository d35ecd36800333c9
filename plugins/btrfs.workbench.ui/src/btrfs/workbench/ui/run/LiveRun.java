package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.metadata.chunk.BlockGroupType;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;

/**
 * A readahead started from the GUI: the opened array, the running engine and what the views
 * need of it, sampled into {@link RunFrame}s by the {@link FramePump}. Once finished, its last
 * frame stays on screen; closing releases the engine and the devices.
 */
public final class LiveRun implements AutoCloseable {

    private final LaunchSettings settings;
    private final BtrfsFilesystem fs;
    private final ReadaheadRun run;
    /** Cells per device of the heatmap: a 256 x 256 Hilbert square at most. */
    static final int HEATMAP_CELLS = 65536;

    private final ThroughputSeries throughput = new ThroughputSeries();
    private final HeatmapRecorder heat;
    private final Map<Long, List<BlockGroup>> metadataZones;
    private volatile RunFrame last;
    private volatile boolean closed;
    /** The queue page the Extent queue view wants: devid, from, count. */
    private volatile long[] queueWanted = { -1, 0, 0 };

    private LiveRun(LaunchSettings settings, BtrfsFilesystem fs, ReadaheadRun run, HeatmapRecorder heat) {
        this.settings = settings;
        this.fs = fs;
        this.run = run;
        this.heat = heat;
        this.metadataZones = metadataZonesOf(fs);
    }

    /**
     * Per devid every metadata (and system) block group with a stripe on it, in logical order:
     * the zones the device can ever have, drawn to scale by the Pointers view.
     */
    private static Map<Long, List<BlockGroup>> metadataZonesOf(BtrfsFilesystem fs) {
        Map<Long, List<BlockGroup>> zones = new TreeMap<>();
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if ((chunk.type() & (BlockGroupType.METADATA | BlockGroupType.SYSTEM)) == 0 || chunk.length() <= 0) {
                continue;
            }
            for (long devid : chunk.stripes().stream().map(Stripe::devid).distinct().toList()) {
                zones.computeIfAbsent(devid, k -> new ArrayList<>()).add(new BlockGroup(chunk.logical(), chunk.length()));
            }
        }
        return zones;
    }

    /** The metadata block groups on device {@code devid}, in logical order. */
    public List<BlockGroup> metadataZones(long devid) {
        return metadataZones.getOrDefault(devid, List.of());
    }

    /**
     * Opens the array read-only and starts one control per tree.
     *
     * @throws IOException with a message for the user when the array cannot be opened
     */
    public static LiveRun start(LaunchSettings settings) throws IOException {
        List<Path> devices = settings.array().devices().stream().map(ArrayDevice::readPath).toList();
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices, settings.direct());
        if (opened instanceof FilesystemOpen.Failed failed) {
            throw new IOException("cannot open " + settings.arrayName() + ": " + failed.reason());
        }
        BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem();
        ReadaheadConfig config = ReadaheadConfig.defaults().withStrategy(settings.strategy())
                .withMaxInFlightPerDevice(settings.maxInFlight());
        ReadaheadRun run = ReadaheadRun.prepare(fs, config, settings.io());
        HeatmapRecorder heat = new HeatmapRecorder(run.target(), DeviceLayouts.of(fs), HEATMAP_CELLS);
        run.engine().addListener(heat);
        run.add(settings.trees(), settings.start(), settings.end());
        LiveRun live = new LiveRun(settings, fs, run, heat);
        live.sample();
        return live;
    }

    public LaunchSettings settings() {
        return settings;
    }

    /** A short name: the array and the trees. */
    public String label() {
        return settings.arrayName() + ": " + String.join(", ", settings.trees().stream().map(t -> t.name()).toList());
    }

    public ReadaheadRun run() {
        return run;
    }

    public boolean isFinished() {
        return run.controls().stream().allMatch(ReadaheadControl::isDone);
    }

    /** Takes a new frame (off the UI thread); after the run finished, the final one once more. */
    RunFrame sample() {
        RunFrame frame = last;
        if (frame != null && frame.finished() || closed) {
            return frame;
        }
        boolean finished = isFinished();
        EngineSnapshot engine = run.engine().snapshot();
        throughput.add(engine);
        List<ControlSnapshot> controls = run.controls().stream().map(ReadaheadControl::progress).toList();
        frame = new RunFrame(engine, controls, throughput.snapshot(), queuePage(), heat.snapshot(), run.elapsedNanos(),
                finished && engine.totals().inFlight() == 0);
        last = frame;
        return frame;
    }

    /**
     * Asks the pump to include positions {@code from .. from + count - 1} of device
     * {@code devid}'s queue in the next frames (the rows a virtual table shows).
     */
    public void wantQueue(long devid, int from, int count) {
        queueWanted = new long[] { devid, from, count };
    }

    private QueuePage queuePage() {
        long[] wanted = queueWanted;
        if (wanted[0] < 0 || wanted[2] <= 0) {
            return QueuePage.NONE;
        }
        int from = (int) wanted[1];
        return new QueuePage(wanted[0], from, run.engine().queue(wanted[0], from, (int) wanted[2]));
    }

    /** The newest frame; never null. */
    public RunFrame frame() {
        return last;
    }

    public void cancel() {
        run.cancel();
    }

    @Override
    public void close() {
        closed = true;
        run.close();
        try {
            fs.close();
        } catch (IOException e) {
            // read-only devices: nothing is lost when closing fails
        }
    }
}

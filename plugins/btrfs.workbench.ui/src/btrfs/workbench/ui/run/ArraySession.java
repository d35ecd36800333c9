package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.metadata.chunk.ChunkItem;
import btrfs.workbench.metadata.chunk.Stripe;
import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.heatmap.DeviceLayouts;
import btrfs.workbench.readahead.heatmap.HeatmapRecorder;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.readahead.io.ReadaheadRun;
import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.snapshot.ThroughputSeries;

/**
 * One array opened for readahead with one engine, shared by every run launched on it while it is
 * open — as in the kernel, where all readaheads of a filesystem share fs_info's extents, zones
 * and per-device read order. A run with other engine settings (strategy, reads in flight,
 * pacing, O_DIRECT, scrub) gets a session of its own. Closed when its last run is released.
 */
final class ArraySession implements AutoCloseable {

    /** Cells per device of the heatmap: a 256 x 256 Hilbert square at most. */
    static final int HEATMAP_CELLS = 65536;

    private static final List<ArraySession> OPEN = new ArrayList<>();

    /** What must agree for two runs to share a session. */
    private record Key(java.util.UUID fsid, String strategy, int maxInFlight, IoModel io, boolean direct,
            boolean scrub) {
        static Key of(LaunchSettings s) {
            return new Key(s.array().fsid(), s.strategy().label(), s.maxInFlight(), s.io(), s.direct(), s.scrub());
        }
    }

    private final Key key;
    private final BtrfsFilesystem fs;
    private final ReadaheadRun engine;
    private final HeatmapRecorder heat;
    private final ThroughputSeries throughput = new ThroughputSeries();
    private final Map<Long, List<BlockGroup>> metadataZones;
    private int users;

    private ArraySession(Key key, BtrfsFilesystem fs, ReadaheadRun engine, HeatmapRecorder heat) {
        this.key = key;
        this.fs = fs;
        this.engine = engine;
        this.heat = heat;
        this.metadataZones = metadataZonesOf(fs);
    }

    /**
     * The open session for these settings, or a new one (the array opened read-only).
     *
     * @throws IOException with a message for the user when the array cannot be opened
     */
    static synchronized ArraySession acquire(LaunchSettings settings) throws IOException {
        Key key = Key.of(settings);
        for (ArraySession session : OPEN) {
            if (session.key.equals(key)) {
                session.users++;
                return session;
            }
        }
        List<Path> devices = settings.array().devices().stream().map(ArrayDevice::readPath).toList();
        FilesystemOpen opened = BtrfsFilesystem.openPaths(devices, settings.direct());
        if (opened instanceof FilesystemOpen.Failed failed) {
            throw new IOException("cannot open " + settings.arrayName() + ": " + failed.reason());
        }
        BtrfsFilesystem fs = ((FilesystemOpen.Opened) opened).filesystem();
        // Normal priority, not the CLI's background default: this run is watched, and at nice 10 the
        // UI thread drawing the views takes the CPU from the very run they show (LiveViewsBenchmark:
        // watched/headless 1.02 to 1.09 in the background, 1.01 to 1.04 at normal priority)
        ReadaheadConfig config = ReadaheadConfig.defaults().withStrategy(settings.strategy())
                .withMaxInFlightPerDevice(settings.maxInFlight()).withBackground(false).withScrub(settings.scrub());
        ReadaheadRun engine = ReadaheadRun.prepare(fs, config, settings.io());
        HeatmapRecorder heat = new HeatmapRecorder(engine.target(), DeviceLayouts.of(fs), HEATMAP_CELLS);
        engine.engine().addListener(heat);
        ArraySession session = new ArraySession(key, fs, engine, heat);
        session.users = 1;
        OPEN.add(session);
        return session;
    }

    /** A run is done with the session; the last one closes it. */
    void release() {
        synchronized (ArraySession.class) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(this);
        }
        close();
    }

    BtrfsFilesystem filesystem() {
        return fs;
    }

    ReadaheadRun engine() {
        return engine;
    }

    HeatmapRecorder heat() {
        return heat;
    }

    ThroughputSeries throughput() {
        return throughput;
    }

    List<BlockGroup> metadataZones(long devid) {
        return metadataZones.getOrDefault(devid, List.of());
    }

    /**
     * Per devid every metadata (and system) block group with a stripe on it, in logical order:
     * the zones the device can ever have, drawn to scale by the Pointers view.
     */
    private static Map<Long, List<BlockGroup>> metadataZonesOf(BtrfsFilesystem fs) {
        Map<Long, List<BlockGroup>> zones = new TreeMap<>();
        for (ChunkItem chunk : fs.chunkMap().chunks()) {
            if (!chunk.holdsTreeBlocks() || chunk.length() <= 0) {
                continue;
            }
            for (long devid : chunk.stripes().stream().map(Stripe::devid).distinct().toList()) {
                zones.computeIfAbsent(devid, k -> new ArrayList<>()).add(new BlockGroup(chunk.logical(), chunk.length()));
            }
        }
        return zones;
    }

    @Override
    public void close() {
        engine.close();
        try {
            fs.close();
        } catch (IOException e) {
            // read-only devices: nothing is lost when closing fails
        }
    }

    @Override
    public String toString() {
        return "ArraySession[" + Objects.toString(key) + ", " + users + " runs]";
    }
}

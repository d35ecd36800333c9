package btrfs.workbench.benchmarks;

import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * The layout the simulated arrays share: four devices, 256 MiB RAID1 block groups from 256 MiB
 * on, block group i mirrored on devices i mod 4 + 1 and the next one. Subclasses say what the
 * blocks hold.
 */
abstract class SimulatedRaid1 implements ReadaheadTarget {

    static final long CHUNK = 256L << 20;
    private static final int DEVICES = 4;

    private final int nodesize;
    private final List<Device> devices = new ArrayList<>();

    SimulatedRaid1(int nodesize) {
        this.nodesize = nodesize;
        for (int d = 1; d <= DEVICES; d++) {
            devices.add(Device.present(d));
        }
    }

    @Override
    public int nodesize() {
        return nodesize;
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    @Override
    public List<StripeCopy> mirrors(long logical) {
        long chunk = logical / CHUNK - 1;
        long inChunk = logical % CHUNK;
        int first = (int) (chunk % DEVICES);
        long physical = CHUNK * (chunk / 2 + 1) + inChunk;
        return List.of(new StripeCopy(first + 1, physical), new StripeCopy((first + 1) % DEVICES + 1, physical));
    }

    @Override
    public BlockGroup blockGroup(long logical) {
        return new BlockGroup(logical / CHUNK * CHUNK, CHUNK);
    }
}

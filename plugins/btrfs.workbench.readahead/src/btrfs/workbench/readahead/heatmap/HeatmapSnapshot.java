package btrfs.workbench.readahead.heatmap;

import java.util.List;
import java.util.Optional;

/**
 * Every device's heatmap at one instant, taken under the recorder's lock: consistent across
 * devices, immutable, in the order of the layouts the recorder was given.
 */
public record HeatmapSnapshot(List<DeviceHeat> devices) {

    public HeatmapSnapshot {
        devices = List.copyOf(devices);
    }

    public Optional<DeviceHeat> device(long devid) {
        return devices.stream().filter(d -> d.devid() == devid).findFirst();
    }
}

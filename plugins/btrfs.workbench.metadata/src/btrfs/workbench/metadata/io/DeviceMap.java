package btrfs.workbench.metadata.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A {@link BlockSource} over a fixed set of devices keyed by devid. */
public final class DeviceMap implements BlockSource {

    private final Map<Long, PositionalReader> devices;

    public DeviceMap(Map<Long, ? extends PositionalReader> devices) {
        this.devices = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(devices, "devices")));
    }

    @Override
    public void read(long devid, long physical, ByteBuffer dst) throws IOException {
        PositionalReader device = devices.get(devid);
        if (device == null) {
            throw new MissingDeviceException(devid);
        }
        device.readFully(physical, dst);
    }

    @Override
    public boolean hasDevice(long devid) {
        return devices.containsKey(devid);
    }

    /** The reader of device {@code devid}, or null if it is missing. */
    public PositionalReader device(long devid) {
        return devices.get(devid);
    }

    public Map<Long, PositionalReader> devices() {
        return devices;
    }
}

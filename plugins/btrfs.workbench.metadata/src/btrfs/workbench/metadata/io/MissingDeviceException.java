package btrfs.workbench.metadata.io;

import java.io.IOException;

/** A read was addressed to a device id that is not among the present devices. */
public final class MissingDeviceException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long devid;

    public MissingDeviceException(long devid) {
        super("device " + Long.toUnsignedString(devid) + " is missing");
        this.devid = devid;
    }

    public long devid() {
        return devid;
    }
}

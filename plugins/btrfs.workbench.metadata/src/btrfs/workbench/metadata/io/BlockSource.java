package btrfs.workbench.metadata.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The filesystem's devices seen as one positional, read-only byte source
 * addressed by btrfs device id. Tree block reading only sees this interface.
 */
public interface BlockSource {

    /**
     * Fills {@code dst} from its position to its limit with the bytes at
     * {@code physical} on device {@code devid}.
     *
     * @throws MissingDeviceException if no device with this id is present
     * @throws IOException            for read failures and short devices
     */
    void read(long devid, long physical, ByteBuffer dst) throws IOException;

    /** Whether a device with this id is present (reads from it may still fail). */
    boolean hasDevice(long devid);
}

package btrfs.workbench.metadata;

import java.io.IOException;
import java.nio.file.Path;

import btrfs.workbench.metadata.io.PositionalReader;

/**
 * A device or image opened read-only by path, through the page cache or
 * around it: what a caller that offers {@code --direct} holds, without caring
 * which of the two it got.
 * <p>
 * Sealed so that every implementation stays one of the two audited read-only
 * classes; wrappers (latency, faults) wrap {@link PositionalReader} instead.
 */
public sealed interface DeviceReader extends PositionalReader, AutoCloseable permits ReadOnlyDevice, DirectDevice {

    /**
     * Opens {@code path} for reading only: with O_DIRECT if {@code direct}
     * (see {@link DirectDevice#open(Path)}), else through the page cache
     * (see {@link ReadOnlyDevice#open(Path)}). There is no silent fallback
     * from one to the other.
     */
    static DeviceReader open(Path path, boolean direct) throws IOException {
        return direct ? DirectDevice.open(path) : ReadOnlyDevice.open(path);
    }

    /** The path as given when opened. */
    Path path();

    /** The path as given: what messages call the device. */
    @Override
    default String name() {
        return path().toString();
    }

    /** Narrowed to the channel's {@link IOException}. */
    @Override
    void close() throws IOException;
}

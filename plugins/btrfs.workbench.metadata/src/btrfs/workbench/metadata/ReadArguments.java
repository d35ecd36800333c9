package btrfs.workbench.metadata;

import java.nio.ByteBuffer;
import java.util.Objects;

/** The argument checks every {@link DeviceReader} makes before reading. */
final class ReadArguments {

    private ReadArguments() {
    }

    /** Rejects a null buffer and a negative offset; returns how many bytes are wanted. */
    static int wanted(long physical, ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (physical < 0) {
            throw new IllegalArgumentException("negative device offset " + physical);
        }
        return dst.remaining();
    }
}

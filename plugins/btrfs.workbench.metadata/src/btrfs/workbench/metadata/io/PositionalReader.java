package btrfs.workbench.metadata.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One device (or image) read at absolute byte offsets, never written.
 * <p>
 * This is the only way metadata parsing touches storage, so that O_DIRECT,
 * latency models or fault injection can be added later by wrapping it. An
 * implementation must be safe for concurrent positional reads.
 */
public interface PositionalReader {

    /**
     * Fills {@code dst} from its position to its limit with the bytes at
     * device offset {@code physical}.
     *
     * @throws java.io.EOFException if the device ends before {@code dst} is full
     * @throws IOException          for any other read failure
     */
    void readFully(long physical, ByteBuffer dst) throws IOException;

    /** Size in bytes as far as it is known; 0 if unknown. */
    long size();

    /** What to call this device in messages (a path, an image name). */
    default String name() {
        return toString();
    }
}

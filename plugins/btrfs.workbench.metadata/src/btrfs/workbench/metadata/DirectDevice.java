package btrfs.workbench.metadata;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import com.sun.nio.file.ExtendedOpenOption;

/**
 * A block device or image file read with O_DIRECT, around the page cache:
 * every read reaches the device (what a benchmark or a check of the disk
 * itself wants), and reading a large device does not evict everything else
 * from memory.
 * <p>
 * The read-only rule of {@link ReadOnlyDevice} holds here too: the channel is
 * opened with {@link StandardOpenOption#READ} and
 * {@link ExtendedOpenOption#DIRECT} only; never add WRITE or any other option
 * that changes the file.
 * <p>
 * O_DIRECT transfers whole blocks between aligned memory and aligned
 * offsets. Callers need not know: each read covers the aligned blocks around
 * the requested bytes in a per-thread aligned buffer and copies the requested
 * part out. Positional reads are used, so one instance may be shared by
 * threads.
 */
public final class DirectDevice implements DeviceReader {

    /** Reason given when the filesystem refuses O_DIRECT; the path goes in front. */
    static final String UNSUPPORTED = "O_DIRECT is not supported by the filesystem holding it (read without --direct)";

    /** Alignment when the file store cannot tell its block size. */
    static final int FALLBACK_ALIGNMENT = 4096;

    /** No block device has smaller logical sectors. */
    static final int MIN_ALIGNMENT = 512;

    /** A block size beyond this is taken for garbage. */
    static final int MAX_ALIGNMENT = 64 << 20;

    /** Largest single transfer: bounds the per-thread buffer however much one request asks for. */
    static final int MAX_CHUNK = 1 << 20;

    /** Smallest buffer allocated, so that the usual tree-block sizes need only one allocation per thread. */
    private static final int MIN_BUFFER = 128 << 10;

    /** strerror(EINVAL), the only sign the JDK gives that O_DIRECT was refused. */
    private static final String EINVAL = "Invalid argument";

    /**
     * One aligned buffer per thread, shared by all instances: a thread reads
     * one range at a time, and a buffer aligned to a larger power of two is
     * aligned to every smaller one. Reusing it keeps the read path free of
     * garbage; the cost is up to {@link #MAX_CHUNK} plus two blocks of native
     * memory per reading thread, released when the thread ends.
     */
    private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int alignment;
    private final int chunk;

    private DirectDevice(Path path, FileChannel channel, long size, int alignment) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.alignment = alignment;
        this.chunk = Math.max(MAX_CHUNK, alignment);
    }

    /**
     * Opens {@code path} for reading only, with O_DIRECT.
     *
     * @throws AccessDeniedException with a hint on how to get access, if the
     *                               user may not read the device
     * @throws FileSystemException   saying "{@value #UNSUPPORTED}" if the
     *                               filesystem refuses O_DIRECT, whether at
     *                               open or at the first read; there is no
     *                               silent fallback to cached reads
     * @throws IOException           for other failures (missing file, ...)
     */
    public static DirectDevice open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        FileChannel channel = openChannel(path);
        try {
            DirectDevice device = new DirectDevice(path, channel, ReadOnlyDevice.sizeOf(path, channel),
                    alignment(path));
            device.probe();
            return device;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileChannel openChannel(Path path) throws IOException {
        try {
            // READ and DIRECT only: see the class comment. Never open a device for writing.
            return FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        } catch (AccessDeniedException e) {
            throw ReadOnlyDevice.withAccessHint(path, e);
        } catch (UnsupportedOperationException e) {
            throw (IOException) new IOException(path + ": O_DIRECT is not available on this platform"
                    + " (read without --direct)").initCause(e);
        } catch (IOException e) {
            throw unsupportedIfInvalid(path, e);
        }
    }

    /**
     * Some filesystems accept O_DIRECT at open and refuse it only when
     * reading. Reading the first block right away makes both kinds fail at
     * open, with the same message, rather than somewhere in a tree walk.
     */
    private void probe() throws IOException {
        try {
            fill(buffer(alignment), 0);
        } catch (IOException e) {
            throw unsupportedIfInvalid(path, e);
        }
    }

    /**
     * {@code e} if it is anything but EINVAL, else the clear message that the
     * filesystem holding {@code path} refuses O_DIRECT. Only meant for open
     * and the first read: later on, every access is aligned the same way, so
     * EINVAL would mean something else.
     */
    static IOException unsupportedIfInvalid(Path path, IOException e) {
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason == null || !reason.contains(EINVAL)) {
            return e;
        }
        FileSystemException unsupported = new FileSystemException(path.toString(), null, UNSUPPORTED);
        unsupported.initCause(e);
        return unsupported;
    }

    /**
     * O_DIRECT wants offsets, lengths and buffer addresses in multiples of
     * the block size of the filesystem holding the file; that is the figure
     * the JDK checks each read against, too.
     */
    static int alignment(Path path) {
        try {
            return alignmentFor(Files.getFileStore(path).getBlockSize());
        } catch (IOException | UnsupportedOperationException e) {
            return FALLBACK_ALIGNMENT;
        }
    }

    /**
     * {@code blockSize} raised to at least {@value #MIN_ALIGNMENT} and to a
     * power of two, the only units a buffer can be aligned to.
     */
    static int alignmentFor(long blockSize) {
        if (blockSize <= 0 || blockSize > MAX_ALIGNMENT) {
            return FALLBACK_ALIGNMENT;
        }
        int atLeast = (int) Math.max(MIN_ALIGNMENT, blockSize);
        int power = Integer.highestOneBit(atLeast);
        return power == atLeast ? power : power << 1;
    }

    @Override
    public Path path() {
        return path;
    }

    /** Size in bytes as far as it can be determined; 0 if unknown. Same rules as {@link ReadOnlyDevice#size()}. */
    @Override
    public long size() {
        return size;
    }

    /** The unit every transfer is aligned to, in bytes: a power of two, at least {@value #MIN_ALIGNMENT}. */
    int alignment() {
        return alignment;
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes at
     * device offset {@code physical}; any offset and length will do.
     *
     * @throws EOFException if the device ends first; the message names the
     *                      device, the offset and how much was wanted
     */
    @Override
    public void readFully(long physical, ByteBuffer dst) throws IOException {
        int wanted = ReadArguments.wanted(physical, dst);
        if (wanted > 0 && physical > Long.MAX_VALUE - wanted - 2L * chunk) {
            throw truncated(wanted, physical); // no device is that large, and aligning up would overflow
        }
        long position = physical;
        while (dst.hasRemaining()) {
            int part = Math.min(dst.remaining(), chunk);
            if (readPart(position, dst, part) < part) {
                throw truncated(wanted, physical);
            }
            position += part;
        }
    }

    /**
     * Copies {@code length} bytes at {@code position} into {@code dst} (fewer
     * where the device ends) and returns how many it copied.
     */
    private int readPart(long position, ByteBuffer dst, int length) throws IOException {
        if (landsAligned(position, dst, length)) {
            // straight into the caller's buffer: a coalesced read of a megabyte is not copied twice
            ByteBuffer into = dst.slice(dst.position(), length);
            int copied = fill(into, position);
            dst.position(dst.position() + copied);
            return copied;
        }
        long start = position - Math.floorMod(position, alignment);
        int skip = (int) (position - start);
        int span = alignUp(skip + length);
        ByteBuffer buffer = buffer(span);
        int available = fill(buffer, start) - skip;
        int copied = Math.clamp(available, 0, length);
        dst.put(dst.position(), buffer, skip, copied);
        dst.position(dst.position() + copied);
        return copied;
    }

    /** Whether O_DIRECT can read {@code length} bytes at {@code position} into {@code dst} as it is. */
    private boolean landsAligned(long position, ByteBuffer dst, int length) {
        return dst.isDirect() && position % alignment == 0 && length % alignment == 0
                && dst.alignmentOffset(dst.position(), alignment) == 0;
    }

    private int alignUp(int length) {
        return (length + alignment - 1) & -alignment;
    }

    /**
     * Reads at aligned {@code start} until {@code buffer} is full or the
     * device ends, and returns how many bytes it holds. A short read that
     * leaves the position unaligned can only be the end of the file (reading
     * on from there would be refused anyway).
     */
    private int fill(ByteBuffer buffer, long start) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, start + buffer.position());
            if (n <= 0 || buffer.position() % alignment != 0) {
                break;
            }
        }
        return buffer.position();
    }

    /**
     * This thread's buffer, cleared and limited to {@code length}; replaced
     * when it is too small or was aligned for a smaller block size.
     */
    private ByteBuffer buffer(int length) {
        ByteBuffer buffer = BUFFERS.get();
        if (buffer == null || buffer.capacity() < length || buffer.alignmentOffset(0, alignment) != 0) {
            int capacity = Math.max(length, MIN_BUFFER);
            buffer = ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment);
            BUFFERS.set(buffer);
        }
        return buffer.clear().limit(length);
    }

    private EOFException truncated(int wanted, long physical) {
        return new EOFException(path + ": truncated: wanted " + wanted + " bytes at offset " + physical
                + ", device has " + size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "DirectDevice[" + path + ", " + size + " bytes, aligned to " + alignment + "]";
    }
}

package btrfs.workbench.metadata;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A block device or image file opened strictly for reading.
 * <p>
 * Project rule: the workbench never writes to a filesystem it inspects. The
 * channel is therefore opened with {@link StandardOpenOption#READ} only; do
 * not add WRITE, APPEND or any other option here, and do not offer a write
 * method. Positional reads are used, so one instance may be shared by threads.
 */
public final class ReadOnlyDevice implements DeviceReader {

    /** Where Linux publishes block device sizes, in 512-byte sectors. */
    private static final Path SYS_CLASS_BLOCK = Path.of("/sys/class/block");

    /** sysfs always counts in 512-byte units, whatever the device's sector size. */
    private static final long SYSFS_SECTOR = 512;

    private final Path path;
    private final FileChannel channel;
    private final long size;

    /** An image file, whose size can change under a run (cut or emptied); a block device's cannot. */
    private final boolean regularFile;

    private ReadOnlyDevice(Path path, FileChannel channel, long size, boolean regularFile) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.regularFile = regularFile;
    }

    /**
     * Opens {@code path} for reading only.
     *
     * @throws AccessDeniedException with a hint on how to get access, if the
     *                               user may not read the device
     * @throws IOException           for other failures (missing file, ...)
     */
    public static ReadOnlyDevice open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        FileChannel channel;
        try {
            // READ only: see the class comment. Never open a device for writing.
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw withAccessHint(path, e);
        }
        try {
            return new ReadOnlyDevice(path, channel, sizeOf(path, channel), Files.isRegularFile(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Path path() {
        return path;
    }

    /** Size in bytes as far as it can be determined; 0 if unknown. */
    @Override
    public long size() {
        return size;
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes at
     * device offset {@code physical}.
     *
     * @throws EOFException if the device ends first; the message says how much
     *                      was wanted and how large the device is
     */
    @Override
    public void readFully(long physical, ByteBuffer dst) throws IOException {
        int wanted = ReadArguments.wanted(physical, dst);
        long position = physical;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n <= 0) { // FileChannel reports end of file as -1; 0 would never progress
                throw new EOFException("truncated: wanted " + wanted + " bytes at offset " + physical
                        + ", device has " + sizeNow());
            }
            position += n;
        }
    }

    /** The size for a message: an image may have shrunk since it was opened (cut or emptied under a run). */
    private long sizeNow() {
        if (!regularFile) {
            return size;
        }
        try {
            return channel.size();
        } catch (IOException e) {
            return size;
        }
    }

    /** Reads {@code length} bytes at {@code physical} into a new buffer, flipped for reading. */
    public ByteBuffer read(long physical, int length) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(length);
        readFully(physical, dst);
        return dst.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "ReadOnlyDevice[" + path + ", " + size + " bytes]";
    }

    /**
     * The denial of {@code path} with a hint on how to get access; shared with
     * {@link DirectDevice} so both ways of opening say the same.
     */
    static AccessDeniedException withAccessHint(Path path, AccessDeniedException denied) {
        AccessDeniedException hint = new AccessDeniedException(path.toString(), null, AccessHint.denied(path));
        hint.initCause(denied);
        return hint;
    }

    /**
     * Regular files know their size. Block devices report 0 through the
     * channel on some platforms, so their size comes from sysfs instead.
     * Shared with {@link DirectDevice}, whose channel behaves the same.
     */
    static long sizeOf(Path path, FileChannel channel) throws IOException {
        long channelSize = channel.size();
        if (channelSize > 0 || Files.isRegularFile(path)) {
            return channelSize;
        }
        return sysfsSize(SYS_CLASS_BLOCK, path).orElse(channelSize);
    }

    /**
     * Size of block device {@code device} according to
     * {@code <sysClassBlock>/<name>/size}. Symlinks such as
     * {@code /dev/disk/by-uuid/...} or {@code /dev/mapper/...} are resolved
     * first, since sysfs knows only kernel names like {@code sda1} or
     * {@code dm-0}.
     */
    static OptionalLong sysfsSize(Path sysClassBlock, Path device) {
        try {
            Path fileName = device.toRealPath().getFileName();
            if (fileName == null) {
                return OptionalLong.empty();
            }
            Path sizeFile = sysClassBlock.resolve(fileName.toString()).resolve("size");
            long sectors = Long.parseLong(Files.readString(sizeFile).trim());
            if (sectors < 0 || sectors > Long.MAX_VALUE / SYSFS_SECTOR) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(sectors * SYSFS_SECTOR);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}

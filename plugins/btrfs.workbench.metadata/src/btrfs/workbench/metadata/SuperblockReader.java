package btrfs.workbench.metadata;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.io.PositionalReader;

/**
 * Reads the superblock copies of a device. btrfs keeps the primary at
 * 64 KiB and mirrors at 64 MiB and 256 GiB, each only where the device is
 * large enough to hold the whole 4096-byte copy.
 */
public final class SuperblockReader {

    /** Device offsets of the primary and the two mirrors. */
    public static final List<Long> COPY_OFFSETS = List.of(64L << 10, 64L << 20, 256L << 30);

    public static final long PRIMARY_OFFSET = COPY_OFFSETS.get(0);

    private SuperblockReader() {
    }

    /**
     * Reads every copy that fits on {@code device}. Bad data and read errors
     * of a single copy become {@link SuperblockRead.Invalid} results, so one
     * unreadable sector does not hide the other copies.
     */
    public static SuperblockCopies read(ReadOnlyDevice device) {
        return read((PositionalReader) device);
    }

    /** {@link #read(ReadOnlyDevice)} for any positional reader (a wrapped or simulated device). */
    public static SuperblockCopies read(PositionalReader device) {
        Objects.requireNonNull(device, "device");
        long size = device.size();
        if (!fits(PRIMARY_OFFSET, size)) {
            return new SuperblockCopies(List.of(SuperblockRead.Invalid.notBtrfs(PRIMARY_OFFSET,
                    "device too small for a btrfs superblock (" + size + " bytes)")));
        }
        List<SuperblockRead> copies = new ArrayList<>();
        for (long offset : COPY_OFFSETS) {
            if (fits(offset, size)) {
                copies.add(readAt(device, offset));
            }
        }
        return new SuperblockCopies(copies);
    }

    /** Reads and parses the copy at {@code offset}; never throws for bad data or I/O errors. */
    public static SuperblockRead readAt(ReadOnlyDevice device, long offset) {
        return readAt((PositionalReader) device, offset);
    }

    /** {@link #readAt(ReadOnlyDevice, long)} for any positional reader. */
    public static SuperblockRead readAt(PositionalReader device, long offset) {
        if (!fits(offset, device.size())) {
            return SuperblockRead.Invalid.notBtrfs(offset, "device too small for a btrfs superblock at "
                    + offset + " (" + device.size() + " bytes)");
        }
        ByteBuffer block = ByteBuffer.allocate(SuperblockParser.SUPERBLOCK_SIZE);
        try {
            device.readFully(offset, block);
        } catch (EOFException e) {
            // Too few bytes to hold a superblock here: whatever this is, it is not btrfs.
            return SuperblockRead.Invalid.notBtrfs(offset, e.getMessage());
        } catch (IOException e) {
            return SuperblockRead.Invalid.unreadable(offset, readFailure(e));
        }
        return SuperblockParser.parse(block.flip(), offset);
    }

    private static boolean fits(long offset, long deviceSize) {
        return deviceSize - SuperblockParser.SUPERBLOCK_SIZE >= offset;
    }

    private static String readFailure(IOException e) {
        String message = e.getMessage();
        return "read error: " + (message != null ? message : e.getClass().getSimpleName());
    }
}

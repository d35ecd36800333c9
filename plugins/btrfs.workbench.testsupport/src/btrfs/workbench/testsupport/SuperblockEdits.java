package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import btrfs.workbench.metadata.ChecksumType;

/**
 * Edits the primary superblock of a test's OWN scratch copy of an image (never a committed one),
 * to build the stale, corrupt and odd devices the tests need.
 */
public final class SuperblockEdits {

    private static final long PRIMARY = 64 * 1024;
    public static final long FIRST_MIRROR = 64L * 1024 * 1024;
    private static final int SIZE = 4096;
    private static final int OFF_GENERATION = 0x48;
    private static final int OFF_CSUM_TYPE = 0xc4;

    private SuperblockEdits() {
    }

    /** Sets the generation and recomputes the checksum, as a newer commit would leave it. */
    public static void setGeneration(Path copy, long generation) throws IOException {
        edit(copy, PRIMARY, sb -> sb.putLong(OFF_GENERATION, generation), true);
    }

    /** Flips one byte inside the checksummed area of the primary without fixing the checksum. */
    public static void breakChecksum(Path copy) throws IOException {
        breakChecksumAt(copy, PRIMARY);
    }

    /** The same for the superblock copy at {@code offset} (64 MiB, 256 GiB). */
    public static void breakChecksumAt(Path copy, long offset) throws IOException {
        edit(copy, offset, sb -> sb.put(0x100, (byte) (sb.get(0x100) ^ 0x5a)), false);
    }

    private interface Edit {
        void apply(ByteBuffer superblock);
    }

    private static void edit(Path copy, long offset, Edit edit, boolean fixChecksum) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(sb, offset);
            edit.apply(sb);
            if (fixChecksum) {
                ChecksumType type = ChecksumType.fromId(Short.toUnsignedInt(sb.getShort(OFF_CSUM_TYPE))).orElseThrow();
                byte[] csum = type.compute(sb.array(), ChecksumType.CSUM_FIELD_SIZE, SIZE - ChecksumType.CSUM_FIELD_SIZE);
                sb.put(0, new byte[ChecksumType.CSUM_FIELD_SIZE]).put(0, csum);
            }
            channel.write(sb.clear(), offset);
        }
    }
}

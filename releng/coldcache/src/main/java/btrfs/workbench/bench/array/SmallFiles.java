package btrfs.workbench.bench.array;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Random;

/**
 * Names, sizes and contents of the populator's files, all derived from seeds so that an array is
 * rebuilt with the same files. Most are small enough to be inline extents (their data lives in
 * the fs tree's leaves, which is what makes metadata grow fast); some are just larger (a data
 * extent, an extent item, checksums), a few carry an extended attribute.
 */
final class SmallFiles {

    /** The kernel's default max_inline: files up to this size keep their data in the leaf. */
    static final int MAX_INLINE = 2048;

    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo "
            + "lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu")
            .split(" ");
    private static final int POOL = 256 * 1024;

    private final byte[] pool;

    SmallFiles(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(POOL + 16);
        while (text.length() < POOL) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        pool = text.substring(0, POOL).getBytes(StandardCharsets.US_ASCII);
    }

    /** Names of different lengths, so that directory items are not all alike. */
    static String name(int file) {
        return "f" + file + "-" + WORDS[Math.floorMod(file * 7919, WORDS.length)].repeat(1 + file % 3);
    }

    /** 4 % empty, 80 % inline, 16 % one to four sectors of data. */
    static int size(Random random) {
        int p = random.nextInt(100);
        if (p < 4) {
            return 0;
        }
        if (p < 84) {
            return 1 + random.nextInt(MAX_INLINE);
        }
        return MAX_INLINE + 1 + random.nextInt(4 * 4096 - MAX_INLINE);
    }

    /** Creates or replaces {@code path} with {@code size} bytes of text. */
    void write(Path path, int size, Random random) throws IOException {
        int offset = random.nextInt(POOL - size + 1);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer data = ByteBuffer.wrap(pool, offset, size);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }
    }

    /** A user xattr of 16 to 160 bytes (XATTR_ITEMs next to the inode's items). */
    void tag(Path path, Random random) throws IOException {
        int size = 16 + random.nextInt(145);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        view.write("tag", ByteBuffer.wrap(pool, random.nextInt(POOL - size), size));
    }
}

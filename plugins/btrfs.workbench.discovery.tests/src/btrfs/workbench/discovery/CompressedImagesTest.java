package btrfs.workbench.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.ZstdOutputStream;

import btrfs.workbench.testsupport.Hashes;

class CompressedImagesTest {

    @TempDir
    Path dir;

    /** Data with long zero runs, as device images have, and odd-sized non-zero islands. */
    private static byte[] imageLikeBytes() {
        byte[] data = new byte[3 * 1024 * 1024 + 777];
        Random random = new Random(42);
        for (int island = 0; island < 20; island++) {
            int at = random.nextInt(data.length - 5000);
            for (int i = 0; i < 1 + random.nextInt(4999); i++) {
                data[at + i] = (byte) (1 + random.nextInt(255));
            }
        }
        return data;
    }

    private Path compress(byte[] data, String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
        return file;
    }

    @Test
    void unpacksExactlyAndLeavesTheSourceAlone() throws IOException {
        byte[] data = imageLikeBytes();
        Path zst = compress(data, "dev1.img.zst");
        String before = Hashes.sha256(zst);

        Path unpacked = CompressedImages.readablePath(zst, dir.resolve("cache"));

        assertArrayEquals(data, Files.readAllBytes(unpacked));
        assertEquals(before, Hashes.sha256(zst));
    }

    @Test
    void reusesTheUnpackedCopyUntilTheSourceChanges() throws IOException {
        Path zst = compress(imageLikeBytes(), "dev1.img.zst");
        Path first = CompressedImages.readablePath(zst, dir.resolve("cache"));
        FileTime unpackedAt = Files.getLastModifiedTime(first);

        assertEquals(first, CompressedImages.readablePath(zst, dir.resolve("cache")));
        assertEquals(unpackedAt, Files.getLastModifiedTime(first));

        byte[] changed = imageLikeBytes();
        Arrays.fill(changed, 0, 100, (byte) 7);
        compress(changed, "dev1.img.zst");
        Files.setLastModifiedTime(zst, FileTime.fromMillis(unpackedAt.toMillis() + 5000));
        Path second = CompressedImages.readablePath(zst, dir.resolve("cache"));
        assertArrayEquals(changed, Files.readAllBytes(second));
    }

    @Test
    void sameNameInTwoDirectoriesGetsTwoCopies() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        byte[] one = imageLikeBytes();
        byte[] two = one.clone();
        two[0] = 9;
        Path a = compress(one, "a/dev1.img.zst");
        Path b = compress(two, "b/dev1.img.zst");
        assertArrayEquals(one, Files.readAllBytes(CompressedImages.readablePath(a, dir.resolve("cache"))));
        assertArrayEquals(two, Files.readAllBytes(CompressedImages.readablePath(b, dir.resolve("cache"))));
    }

    @Test
    void plainImagesAreReadInPlace() throws IOException {
        Path raw = Files.write(dir.resolve("dev1.img"), new byte[4096]);
        assertEquals(raw, CompressedImages.readablePath(raw, dir.resolve("cache")));
    }

    @Test
    void corruptArchiveIsAClearErrorAndLeavesNoPartialCopy() throws IOException {
        byte[] packed = Files.readAllBytes(compress(imageLikeBytes(), "good.img.zst"));
        Path broken = Files.write(dir.resolve("broken.img.zst"), Arrays.copyOf(packed, packed.length / 2));

        IOException e = assertThrows(IOException.class,
                () -> CompressedImages.readablePath(broken, dir.resolve("cache")));

        assertTrue(e.getMessage().startsWith("cannot unpack " + broken), e.getMessage());
        try (var left = Files.list(dir.resolve("cache"))) {
            assertEquals(0, left.count(), "partial copies must not stay in the cache");
        }
    }
}

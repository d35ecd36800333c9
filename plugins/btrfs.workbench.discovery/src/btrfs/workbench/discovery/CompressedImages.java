package btrfs.workbench.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Images committed or shipped zstd-compressed ({@code NAME.zst}) are unpacked once into a cache
 * directory and read from there. The compressed source is only ever opened for reading.
 */
public final class CompressedImages {

    private static final String SUFFIX = ".zst";
    private static final int SPARSE_BLOCK = 64 * 1024;

    private CompressedImages() {
    }

    public static boolean isCompressed(Path image) {
        return image.getFileName().toString().endsWith(SUFFIX);
    }

    /**
     * Returns a path to read the image from: the image itself, or its unpacked copy under
     * {@code cacheDir}. A copy is reused while the source's size and modification time are
     * unchanged, so repeated scans cost nothing.
     */
    public static Path readablePath(Path image, Path cacheDir) throws IOException {
        if (!isCompressed(image)) {
            return image;
        }
        BasicFileAttributes source = Files.readAttributes(image, BasicFileAttributes.class);
        Path target = cacheDir.resolve(cacheName(image, source));
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path partial = Files.createTempFile(cacheDir, ".unpack-", ".part");
        try {
            unpack(image, partial);
            moveIntoPlace(partial, target);
        } finally {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    /**
     * The name says which source it came from (absolute path, size, mtime), so two arrays whose
     * devices are both called dev1.img.zst never share a cache entry.
     */
    private static String cacheName(Path image, BasicFileAttributes source) {
        String name = image.getFileName().toString();
        String base = name.substring(0, name.length() - SUFFIX.length());
        long stamp = image.toAbsolutePath().normalize().toString().hashCode() * 31L
                + source.size() * 17L + source.lastModifiedTime().toMillis();
        return base + "-" + Long.toHexString(stamp);
    }

    private static void unpack(Path image, Path target) throws IOException {
        try (InputStream in = new ZstdInputStream(Files.newInputStream(image, StandardOpenOption.READ));
                RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
            copySparse(in, out);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot unpack " + image + ": " + describe(e), e);
        }
    }

    /**
     * Device images are mostly zeros; leaving holes keeps a test run from writing gigabytes.
     */
    private static void copySparse(InputStream in, RandomAccessFile out) throws IOException {
        byte[] block = new byte[SPARSE_BLOCK];
        long length = 0;
        int n;
        while ((n = in.readNBytes(block, 0, block.length)) > 0) {
            if (!isZero(block, n)) {
                out.seek(length);
                out.write(block, 0, n);
            }
            length += n;
        }
        out.setLength(length);
    }

    private static boolean isZero(byte[] block, int length) {
        for (int i = 0; i < length; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        // Atomic, so a concurrent scan (GUI and test, two windows) never reads a half-written copy.
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

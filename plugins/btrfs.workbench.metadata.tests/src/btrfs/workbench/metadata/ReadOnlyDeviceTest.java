package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.OptionalLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyDeviceTest {

    @TempDir
    Path dir;

    @Test
    void readsExactlyTheFileBytes() throws Exception {
        Path image = imageWithPrimary();
        byte[] expected = Files.readAllBytes(image);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(image)) {
            assertEquals(expected.length, device.size());
            assertEquals(image, device.path());
            ByteBuffer block = device.read(65536, 4096);
            assertEquals(0, block.position());
            assertEquals(4096, block.remaining());
            assertArrayEquals(Arrays.copyOfRange(expected, 65536, 65536 + 4096), toArray(block));
            ByteBuffer partial = ByteBuffer.allocate(10).position(3);
            device.readFully(65536 + 64, partial);
            assertEquals(10, partial.position());
            assertArrayEquals(Arrays.copyOfRange(expected, 65536 + 64, 65536 + 71),
                    Arrays.copyOfRange(partial.array(), 3, 10));
        }
    }

    @Test
    void readingNeverChangesTheImage() throws Exception {
        Path image = imageWithPrimary();
        byte[] before = sha256(image);
        FileTime modifiedBefore = Files.getLastModifiedTime(image);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(image)) {
            SuperblockReader.read(device);
            device.read(0, (int) device.size());
        }
        assertArrayEquals(before, sha256(image));
        assertEquals(modifiedBefore, Files.getLastModifiedTime(image));
    }

    @Test
    void opensAReadOnlyFile() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path image = imageWithPrimary();
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("r--r--r--"));
        try (ReadOnlyDevice device = ReadOnlyDevice.open(image)) {
            SuperblockRead primary = SuperblockReader.read(device).primary();
            assertTrue(primary instanceof SuperblockRead.Valid, primary::toString);
        }
    }

    @Test
    void unreadableFileGivesAHelpfulMessage() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path image = imageWithPrimary();
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("---------"));
        // root may read anything, so the denial can only be observed as an ordinary user.
        Assumptions.assumeFalse(Files.isReadable(image), "running with permission to read everything");
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> ReadOnlyDevice.open(image));
        assertEquals(image + ": " + AccessHint.FILE, e.getMessage());
        assertEquals(image.toString(), e.getFile());
    }

    @Test
    void shortReadSaysWhatWasWantedAndWhatIsThere() throws Exception {
        Path small = Files.write(dir.resolve("small.img"), new byte[5000]);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(small)) {
            EOFException e = assertThrows(EOFException.class, () -> device.read(4096, 4096));
            assertEquals("truncated: wanted 4096 bytes at offset 4096, device has 5000", e.getMessage());
            assertThrows(EOFException.class, () -> device.read(10_000, 1));
            assertThrows(IllegalArgumentException.class, () -> device.read(-1, 1));
        }
    }

    @Test
    void emptyReadSucceedsAnywhere() throws Exception {
        Path small = Files.write(dir.resolve("small.img"), new byte[10]);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(small)) {
            assertEquals(0, device.read(1 << 20, 0).remaining());
        }
    }

    @Test
    void sysfsSizeFollowsSymlinksToTheKernelName() throws Exception {
        Path sys = Files.createDirectories(dir.resolve("sys/class/block/loop7"));
        Files.writeString(sys.resolve("size"), "2048\n");
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path node = Files.createFile(dev.resolve("loop7"));
        Path link = Files.createSymbolicLink(dev.resolve("by-label"), node);
        Path sysClassBlock = dir.resolve("sys/class/block");

        assertEquals(OptionalLong.of(2048L * 512), ReadOnlyDevice.sysfsSize(sysClassBlock, link));
        assertEquals(OptionalLong.of(2048L * 512), ReadOnlyDevice.sysfsSize(sysClassBlock, node));
    }

    @Test
    void sysfsSizeIsEmptyWhenUnknownOrGarbage() throws Exception {
        Path sysClassBlock = Files.createDirectories(dir.resolve("sys/class/block"));
        Path node = Files.createFile(dir.resolve("sdz"));
        assertEquals(OptionalLong.empty(), ReadOnlyDevice.sysfsSize(sysClassBlock, node));
        Files.createDirectories(sysClassBlock.resolve("sdz"));
        Files.writeString(sysClassBlock.resolve("sdz/size"), "many\n");
        assertEquals(OptionalLong.empty(), ReadOnlyDevice.sysfsSize(sysClassBlock, node));
        assertEquals(OptionalLong.empty(), ReadOnlyDevice.sysfsSize(sysClassBlock, dir.resolve("missing")));
    }

    @Test
    void missingFileIsAnIOException() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ReadOnlyDevice.open(dir.resolve("nope")));
    }

    private Path imageWithPrimary() throws Exception {
        byte[] image = new byte[65536 + 8192];
        byte[] sb = TestResources.crc32cSample();
        System.arraycopy(sb, 0, image, 65536, sb.length);
        return Files.write(dir.resolve("image.img"), image);
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

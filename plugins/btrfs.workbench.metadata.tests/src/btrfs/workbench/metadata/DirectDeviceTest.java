package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.Hashes;
import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/**
 * O_DIRECT reads give exactly the bytes of cached reads, whatever the offset
 * and length, from several threads at once, and change nothing. Where the
 * filesystem under target/ refuses O_DIRECT, each test checks the refusal's
 * message instead (see {@link #openDirect(Path)}).
 */
class DirectDeviceTest {

    private static final long SEED = 0x0D12EC7L;

    @TempDir
    Path dir;

    @Test
    void randomUnalignedRangesReadTheSameBytesAsCachedReads() throws Exception {
        Path image = realImage();
        Optional<DirectDevice> opened = openDirect(image);
        if (opened.isEmpty()) {
            return;
        }
        try (DirectDevice direct = opened.get(); ReadOnlyDevice cached = ReadOnlyDevice.open(image)) {
            assertEquals(cached.size(), direct.size());
            Random random = new Random(SEED);
            List<long[]> ranges = ranges(random, direct.size(), 200);
            for (int i = 0; i < ranges.size(); i++) {
                long[] range = ranges.get(i);
                assertSameBytes(cached, direct, range[0], (int) range[1], i % 2 == 0, "range " + i);
            }
        }
    }

    @Test
    void readsTouchingTheEndWorkAndReadsPastItAreEofWithDeviceAndOffset() throws Exception {
        Path image = realImage();
        Optional<DirectDevice> opened = openDirect(image);
        if (opened.isEmpty()) {
            return;
        }
        try (DirectDevice direct = opened.get(); ReadOnlyDevice cached = ReadOnlyDevice.open(image)) {
            long size = direct.size();
            for (int length : new int[] { 1, 7, 511, 4096, 4097, 65536 + 3 }) {
                assertSameBytes(cached, direct, size - length, length, true, "last " + length);
            }
            assertEquals(0, readDirect(direct, size, 0, false).remaining());
            assertEquals(0, readDirect(direct, Long.MAX_VALUE, 0, false).remaining());

            EOFException past = assertThrows(EOFException.class, () -> readDirect(direct, size - 100, 200, true));
            assertEquals(image + ": truncated: wanted 200 bytes at offset " + (size - 100) + ", device has " + size,
                    past.getMessage());
            assertThrows(EOFException.class, () -> cached.read(size - 100, 200)); // as the cached reader says
            assertThrows(EOFException.class, () -> readDirect(direct, size, 1, false));
            assertThrows(EOFException.class, () -> readDirect(direct, size + 12345, 4096, false));
            assertThrows(EOFException.class, () -> readDirect(direct, Long.MAX_VALUE - 10, 5, false));
            assertThrows(IllegalArgumentException.class, () -> readDirect(direct, -1, 1, false));
        }
    }

    @Test
    void concurrentReadsFromFourThreadsGetTheSameBytes() throws Exception {
        Path image = realImage();
        Optional<DirectDevice> opened = openDirect(image);
        if (opened.isEmpty()) {
            return;
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DirectDevice direct = opened.get(); ReadOnlyDevice cached = ReadOnlyDevice.open(image)) {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = SEED + t;
                results.add(pool.submit(() -> {
                    List<long[]> ranges = ranges(new Random(seed), direct.size(), 250);
                    start.await();
                    for (int i = 0; i < ranges.size(); i++) {
                        long[] range = ranges.get(i);
                        assertSameBytes(cached, direct, range[0], (int) range[1], i % 3 == 0,
                                "thread seed " + seed + ", range " + i);
                    }
                    return ranges.size();
                }));
            }
            int reads = 0;
            for (Future<Integer> result : results) {
                reads += result.get(); // rethrows the first mismatch of that thread
            }
            assertEquals(threads * 250, reads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readingTheWholeImageDirectlyGivesTheKernelWrittenHashAndChangesNothing() throws Exception {
        TestDevice device = realDevice();
        Path image = realImage();
        assertEquals(device.sha256(), Hashes.sha256(image), "image differs from array.tsv before the test");
        Optional<DirectDevice> opened = openDirect(image);
        if (opened.isEmpty()) {
            return;
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DirectDevice direct = opened.get()) {
            ByteBuffer chunk = ByteBuffer.allocate(3 * DirectDevice.MAX_CHUNK + 1000); // several transfers per read
            for (long offset = 0; offset < direct.size(); offset += chunk.capacity()) {
                int length = (int) Math.min(chunk.capacity(), direct.size() - offset);
                direct.readFully(offset, chunk.clear().limit(length));
                digest.update(chunk.flip());
            }
        }
        assertEquals(device.sha256(), HexFormat.of().formatHex(digest.digest()), "bytes read directly");
        assertEquals(device.sha256(), Hashes.sha256(image), "image after reading");
    }

    @Test
    void fileWhoseSizeIsNoMultipleOfTheBlockIsReadToItsLastByte() throws Exception {
        byte[] bytes = new byte[5000];
        new Random(SEED).nextBytes(bytes);
        Path small = Files.write(dir.resolve("small.img"), bytes);
        Optional<DirectDevice> opened = openDirect(small);
        if (opened.isEmpty()) {
            return;
        }
        try (DirectDevice direct = opened.get()) {
            assertEquals(5000, direct.size());
            assertArrayEquals(bytes, toArray(readDirect(direct, 0, 5000, false)));
            assertArrayEquals(slice(bytes, 4095, 905), toArray(readDirect(direct, 4095, 905, true)));
            assertArrayEquals(slice(bytes, 4999, 1), toArray(readDirect(direct, 4999, 1, false)));
            EOFException e = assertThrows(EOFException.class, () -> readDirect(direct, 4990, 20, false));
            assertEquals(small + ": truncated: wanted 20 bytes at offset 4990, device has 5000", e.getMessage());
        }
    }

    @Test
    void emptyFileOpensAndEveryNonEmptyReadIsEof() throws Exception {
        Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
        Optional<DirectDevice> opened = openDirect(empty);
        if (opened.isEmpty()) {
            return;
        }
        try (DirectDevice direct = opened.get()) {
            assertEquals(0, direct.size());
            assertEquals(0, readDirect(direct, 0, 0, false).remaining());
            assertThrows(EOFException.class, () -> readDirect(direct, 0, 1, false));
        }
    }

    /**
     * procfs cannot do O_DIRECT: the kernel refuses the open with EINVAL, the
     * same refusal as from a filesystem without O_DIRECT, so the message is
     * checked against a real refusal whatever filesystem target/ is on.
     */
    @Test
    void filesystemRefusingODirectIsNamedClearly() {
        Path proc = Path.of("/proc/version");
        Assumptions.assumeTrue(Files.isReadable(proc), "no procfs here (not Linux)");
        FileSystemException e = assertThrows(FileSystemException.class, () -> DirectDevice.open(proc));
        assertEquals("/proc/version: O_DIRECT is not supported by the filesystem holding it (read without --direct)",
                e.getMessage());
        assertEquals("/proc/version", e.getFile());
        assertTrue(e.getCause().getMessage().contains("Invalid argument"), () -> String.valueOf(e.getCause()));
    }

    /** Refusals only at the first read (open accepted) go through the same translation, in the probe. */
    @Test
    void onlyEinvalBecomesTheUnsupportedMessage() {
        Path path = Path.of("/mnt/fuse/disk.img");
        String clear = "/mnt/fuse/disk.img: O_DIRECT is not supported by the filesystem holding it"
                + " (read without --direct)";
        IOException atOpen = new FileSystemException(path.toString(), null, "Invalid argument");
        IOException atRead = new IOException("Invalid argument");
        for (IOException einval : List.of(atOpen, atRead)) {
            IOException translated = DirectDevice.unsupportedIfInvalid(path, einval);
            assertEquals(clear, translated.getMessage());
            assertSame(einval, translated.getCause());
        }
        for (IOException other : List.of(new IOException("Input/output error"), new NoSuchFileException("x"),
                new IOException((String) null))) {
            assertSame(other, DirectDevice.unsupportedIfInvalid(path, other));
        }
    }

    @Test
    void alignmentIsAPowerOfTwoOfAtLeast512() throws Exception {
        assertEquals(4096, DirectDevice.alignmentFor(0));
        assertEquals(4096, DirectDevice.alignmentFor(-1));
        assertEquals(4096, DirectDevice.alignmentFor(1L << 40));
        assertEquals(512, DirectDevice.alignmentFor(1));
        assertEquals(512, DirectDevice.alignmentFor(512));
        assertEquals(1024, DirectDevice.alignmentFor(513));
        assertEquals(4096, DirectDevice.alignmentFor(3000));
        assertEquals(4096, DirectDevice.alignmentFor(4096));
        assertEquals(65536, DirectDevice.alignmentFor(65536));
        Path image = realImage();
        long blockSize = Files.getFileStore(image).getBlockSize();
        assertEquals(DirectDevice.alignmentFor(blockSize), DirectDevice.alignment(image));
        assertEquals(4096, DirectDevice.alignment(dir.resolve("missing")));
    }

    /** The kernel's own view of the open file: read-only, and O_DIRECT really set (cached reads: not set). */
    @Test
    void kernelSeesReadOnlyWithODirect() throws Exception {
        int oDirect = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 040000;
            case "aarch64", "arm64" -> 0200000;
            default -> 0;
        };
        Assumptions.assumeTrue(oDirect != 0 && Files.isDirectory(Path.of("/proc/self/fdinfo")),
                "O_DIRECT flag value unknown on " + System.getProperty("os.arch") + " or no /proc");
        Path file = Files.write(dir.resolve("flags.img"), new byte[8192]);
        Optional<DirectDevice> opened = openDirect(file);
        if (opened.isEmpty()) {
            return;
        }
        try (DirectDevice direct = opened.get()) {
            int flags = openFlags(file);
            assertEquals(0, flags & 03, "O_ACCMODE must be O_RDONLY, flags 0" + Integer.toOctalString(flags));
            assertEquals(oDirect, flags & oDirect, "O_DIRECT missing, flags 0" + Integer.toOctalString(flags));
        }
        try (ReadOnlyDevice cached = ReadOnlyDevice.open(file)) {
            assertEquals(0, openFlags(file) & oDirect, "cached reader must not use O_DIRECT");
        }
    }

    @Test
    void deviceReaderOpensEitherKindWithoutFallingBack() throws Exception {
        Path image = realImage();
        try (DeviceReader cached = DeviceReader.open(image, false)) {
            assertInstanceOf(ReadOnlyDevice.class, cached);
            assertEquals(image, cached.path());
            assertEquals(image.toString(), cached.name());
        }
        Optional<DirectDevice> opened = openDirect(image);
        if (opened.isPresent()) {
            opened.get().close();
            try (DeviceReader direct = DeviceReader.open(image, true)) {
                assertInstanceOf(DirectDevice.class, direct);
                assertEquals(image, direct.path());
                assertEquals(image.toString(), direct.name());
                assertEquals(Files.size(image), direct.size());
            }
        }
        // No silent fallback to the page cache: a refusal stays a refusal.
        Path proc = Path.of("/proc/version");
        if (Files.isReadable(proc)) {
            assertThrows(FileSystemException.class, () -> DeviceReader.open(proc, true));
        }
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> DirectDevice.open(dir.resolve("nope")));
    }

    // --- helpers

    /**
     * {@code file} opened with O_DIRECT, or empty after checking the refusal
     * names the file and says to read without --direct: a filesystem without
     * O_DIRECT under target/ still tests the error path, never nothing.
     */
    private static Optional<DirectDevice> openDirect(Path file) throws IOException {
        try {
            return Optional.of(DirectDevice.open(file));
        } catch (FileSystemException e) {
            if (!DirectDevice.UNSUPPORTED.equals(e.getReason())) {
                throw e;
            }
            assertEquals(file + ": O_DIRECT is not supported by the filesystem holding it (read without --direct)",
                    e.getMessage());
            System.err.println("DirectDeviceTest: " + e.getMessage() + "; checked the refusal only");
            return Optional.empty();
        }
    }

    private static TestDevice realDevice() {
        TestArray array = TestArrays.all().getFirst();
        return array.devices().getFirst();
    }

    private static Path realImage() {
        return TestArrays.all().getFirst().unpackedImages().getFirst();
    }

    /**
     * {@code count} (offset, length) pairs inside a device of {@code size}:
     * mostly unaligned and up to a tree block and a half, with some at the
     * very end, some a few bytes across a block boundary and some longer than
     * one transfer.
     */
    private static List<long[]> ranges(Random random, long size, int count) {
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset;
            int length;
            switch (i % 10) {
                case 0 -> { // ends exactly at the end of the device
                    length = 1 + random.nextInt(70_000);
                    offset = size - length;
                }
                case 1 -> { // longer than one transfer, unaligned at both ends
                    length = DirectDevice.MAX_CHUNK + 1 + random.nextInt(DirectDevice.MAX_CHUNK);
                    offset = random.nextLong(size - length);
                }
                case 2 -> { // a few bytes across a block boundary
                    length = 1 + random.nextInt(32);
                    offset = Math.max(0, random.nextLong(size / 4096) * 4096 - random.nextInt(16));
                }
                default -> {
                    length = random.nextInt(70_000);
                    offset = random.nextLong(size - length);
                }
            }
            ranges.add(new long[] { offset, length });
        }
        return ranges;
    }

    /**
     * Reads one range through both devices and compares; the direct read goes
     * into a buffer that starts at position 3 and has bytes after its limit,
     * which must stay untouched.
     */
    private static void assertSameBytes(ReadOnlyDevice cached, DirectDevice direct, long offset, int length,
            boolean directBuffer, String what) throws IOException {
        byte[] expected = toArray(cached.read(offset, length));
        ByteBuffer got = readDirect(direct, offset, length, directBuffer);
        assertEquals(length, got.remaining(), what);
        assertArrayEquals(expected, toArray(got), () -> what + ": " + length + " bytes at " + offset);
    }

    /** Reads into a heap or direct buffer with 3 bytes before the position and 5 marked bytes after the limit. */
    private static ByteBuffer readDirect(DirectDevice direct, long offset, int length, boolean directBuffer)
            throws IOException {
        int capacity = 3 + length + 5;
        ByteBuffer buffer = directBuffer ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        for (int i = 0; i < capacity; i++) {
            buffer.put(i, (byte) 0x5A);
        }
        buffer.position(3).limit(3 + length);
        direct.readFully(offset, buffer);
        assertEquals(3 + length, buffer.position(), "position after the read");
        ByteBuffer whole = buffer.duplicate().clear();
        for (int i = 3 + length; i < capacity; i++) {
            assertEquals((byte) 0x5A, whole.get(i), "byte after the limit written");
        }
        return buffer.flip().position(3);
    }

    /** The open flags of the one descriptor of this process on {@code file}, from /proc/self/fdinfo. */
    private static int openFlags(Path file) throws IOException {
        Path real = file.toRealPath();
        List<Integer> flags = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (target.equals(real)) {
                    flags.add(fdinfoFlags(fd.getFileName().toString()));
                }
            }
        }
        assertEquals(1, flags.size(), () -> "descriptors open on " + real + ": " + flags);
        return flags.getFirst();
    }

    private static int fdinfoFlags(String fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new IOException("no flags in /proc/self/fdinfo/" + fd);
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(bytes, from, part, 0, length);
        return part;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

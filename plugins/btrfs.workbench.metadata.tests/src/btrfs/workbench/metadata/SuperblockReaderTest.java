package btrfs.workbench.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuperblockReaderTest {

    private static final long PRIMARY = 64L << 10;
    private static final long MIRROR1 = 64L << 20;
    private static final long MIRROR2 = 256L << 30;
    private static final int OFF_FSID = 32;
    private static final int OFF_GENERATION = 72;

    @TempDir
    Path dir;

    @Test
    void copyOffsetsAreTheBtrfsOnes() {
        assertEquals(List.of(PRIMARY, MIRROR1, MIRROR2), SuperblockReader.COPY_OFFSETS);
    }

    @Test
    void readsPrimaryAndFirstMirror() throws Exception {
        Path image = sparseImage(MIRROR1 + 4096);
        write(image, PRIMARY, TestResources.crc32cSample());
        write(image, MIRROR1, TestResources.superblock("crc32c-16k.mirror1"));

        SuperblockCopies copies = read(image);

        assertEquals(2, copies.copies().size());
        Superblock primary = assertInstanceOf(SuperblockRead.Valid.class, copies.primary()).superblock();
        assertEquals(PRIMARY, primary.bytenr());
        assertEquals(MIRROR1, copies.copies().get(1).bytenr());
        assertEquals(2, copies.valid().size());
        // Equal generations: the primary wins.
        assertEquals(Optional.of(primary), copies.newestValid());
    }

    @Test
    void deviceJustTooSmallForAMirrorReadsOnlyThePrimary() throws Exception {
        Path image = sparseImage(MIRROR1 + 4095);
        write(image, PRIMARY, TestResources.crc32cSample());
        SuperblockCopies copies = read(image);
        assertEquals(1, copies.copies().size());
        assertInstanceOf(SuperblockRead.Valid.class, copies.primary());
    }

    @Test
    void deviceTooSmallForAnySuperblock() throws Exception {
        Path image = sparseImage(PRIMARY + 4095);
        SuperblockCopies copies = read(image);
        assertEquals(1, copies.copies().size());
        SuperblockRead.Invalid invalid = assertInstanceOf(SuperblockRead.Invalid.class, copies.primary());
        assertEquals(PRIMARY, invalid.bytenr());
        assertEquals("device too small for a btrfs superblock (69631 bytes)", invalid.reason());
        assertTrue(invalid.notBtrfs());
        assertEquals(Optional.empty(), copies.newestValid());
    }

    @Test
    void readAtBeyondTheEndIsATooSmallNonBtrfsResult() throws Exception {
        Path image = sparseImage(PRIMARY + 100);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(image)) {
            SuperblockRead.Invalid invalid = assertInstanceOf(SuperblockRead.Invalid.class,
                    SuperblockReader.readAt(device, PRIMARY));
            assertEquals("device too small for a btrfs superblock at 65536 (65636 bytes)", invalid.reason());
            assertTrue(invalid.notBtrfs());
        }
    }

    @Test
    void emptyDeviceIsTooSmall() throws Exception {
        SuperblockCopies copies = read(sparseImage(0));
        assertEquals("device too small for a btrfs superblock (0 bytes)",
                ((SuperblockRead.Invalid) copies.primary()).reason());
    }

    @Test
    void zeroedDeviceHasNoMagic() throws Exception {
        SuperblockCopies copies = read(sparseImage(PRIMARY + 4096));
        assertEquals(new SuperblockRead.Invalid(PRIMARY, "no btrfs magic", SuperblockRead.Problem.NOT_BTRFS), copies.primary());
        assertEquals(List.of(), copies.valid());
    }

    @Test
    void damagedPrimaryFallsBackToTheMirror() throws Exception {
        Path image = sparseImage(MIRROR1 + 4096);
        byte[] damaged = TestResources.crc32cSample();
        damaged[1000] ^= 0x10;
        write(image, PRIMARY, damaged);
        write(image, MIRROR1, TestResources.superblock("crc32c-16k.mirror1"));

        SuperblockCopies copies = read(image);

        SuperblockRead.Invalid primary = assertInstanceOf(SuperblockRead.Invalid.class, copies.primary());
        assertTrue(primary.reason().startsWith("checksum mismatch"), primary.reason());
        assertEquals(MIRROR1, copies.newestValid().orElseThrow().bytenr());
    }

    @Test
    void newestValidPicksTheHighestGeneration() throws Exception {
        Path image = sparseImage(MIRROR1 + 4096);
        byte[] mirror = TestResources.superblock("crc32c-16k.mirror1");
        long generation = TestResources.le(mirror).getLong(OFF_GENERATION);
        TestResources.le(mirror).putLong(OFF_GENERATION, generation + 1);
        write(image, PRIMARY, TestResources.crc32cSample());
        write(image, MIRROR1, TestResources.reseal(mirror));

        Superblock newest = read(image).newestValid().orElseThrow();

        assertEquals(MIRROR1, newest.bytenr());
        assertEquals(generation + 1, newest.generation());
    }

    @Test
    void newerMirrorOfAnotherFilesystemIsIgnored() throws Exception {
        Path image = sparseImage(MIRROR1 + 4096);
        byte[] foreign = TestResources.superblock("crc32c-16k.mirror1");
        TestResources.le(foreign).putLong(OFF_GENERATION, 1_000_000);
        foreign[OFF_FSID] ^= 1;
        foreign[201 + 82] ^= 1; // keep dev_item.fsid consistent with the changed fsid
        write(image, PRIMARY, TestResources.crc32cSample());
        write(image, MIRROR1, TestResources.reseal(foreign));

        SuperblockCopies copies = read(image);

        assertEquals(2, copies.valid().size());
        assertEquals(PRIMARY, copies.newestValid().orElseThrow().bytenr());
    }

    @Test
    void largeDeviceHasThreeCopies() throws Exception {
        Path image = dir.resolve("large.img");
        try {
            sparse(image, MIRROR2 + 4096);
        } catch (IOException e) {
            Assumptions.abort("no sparse 256 GiB file possible here: " + e.getMessage());
        }
        write(image, PRIMARY, TestResources.crc32cSample());

        SuperblockCopies copies = read(image);

        assertEquals(List.of(PRIMARY, MIRROR1, MIRROR2),
                copies.copies().stream().map(SuperblockRead::bytenr).toList());
        assertEquals(new SuperblockRead.Invalid(MIRROR2, "no btrfs magic", SuperblockRead.Problem.NOT_BTRFS), copies.copies().get(2));
        assertEquals(PRIMARY, copies.newestValid().orElseThrow().bytenr());
    }

    private static SuperblockCopies read(Path image) throws IOException {
        try (ReadOnlyDevice device = ReadOnlyDevice.open(image)) {
            return SuperblockReader.read(device);
        }
    }

    private Path sparseImage(long size) throws IOException {
        Path image = dir.resolve("image-" + size + ".img");
        sparse(image, size);
        return image;
    }

    /** Test fixture set-up only: the code under test never writes. */
    private static void sparse(Path image, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
    }

    private static void write(Path image, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(offset);
            file.write(bytes);
        }
    }
}

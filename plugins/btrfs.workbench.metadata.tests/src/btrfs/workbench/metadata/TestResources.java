package btrfs.workbench.metadata;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the test resources both in a plain Maven run and in an OSGi test
 * runtime, where the tests are a fragment and the resources folder is not
 * necessarily on the bundle classpath.
 * <p>
 * The superblock samples under {@code resources/superblocks} were made with
 * btrfs-progs 6.2 on 300 MiB sparse files, e.g.
 * {@code mkfs.btrfs --csum blake2 -n 16384 -L "workbench blake2" img}, then
 * {@code dd if=img bs=4096 skip=16 count=1} (the primary at 64 KiB) and
 * {@code btrfs inspect-internal dump-super -f img}. Further samples:
 * {@code --mixed -n 4096}, {@code -n 65536}, {@code -O ^no-holes -R ^free-space-tree},
 * {@code btrfstune -M <uuid>} (METADATA_UUID), {@code btrfstune -S 1} (SEEDING),
 * and the second device of a two-device raid1. {@code crc32c-16k.mirror1.bin}
 * is the copy at 64 MiB of the crc32c-16k image.
 */
final class TestResources {

    /** Sample names: each has {@code <name>.bin} and {@code <name>.dump-super.txt}. */
    static final List<String> SUPERBLOCK_SAMPLES = List.of(
            "crc32c-16k",
            "xxhash-16k",
            "sha256-16k",
            "blake2-16k",
            "crc32c-64k",
            "blake2-64k",
            "crc32c-4k-mixed",
            "xxhash-32k-legacy",
            "crc32c-metadata-uuid",
            "crc32c-seeding",
            "raid1-dev2");

    private TestResources() {
    }

    /** The bytes of {@code resources/<relative>}: from the working directory first, else the class loader. */
    static byte[] bytes(String relative) throws IOException {
        Path onDisk = Path.of(System.getProperty("user.dir"), "resources", relative);
        if (Files.isRegularFile(onDisk)) {
            return Files.readAllBytes(onDisk);
        }
        try (InputStream in = TestResources.class.getClassLoader().getResourceAsStream(relative)) {
            if (in == null) {
                throw new FileNotFoundException("test resource " + relative + " neither at " + onDisk
                        + " nor on the class path");
            }
            return in.readAllBytes();
        }
    }

    static String text(String relative) throws IOException {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    static byte[] superblock(String sample) throws IOException {
        return bytes("superblocks/" + sample + ".bin");
    }

    /** A fresh copy of the crc32c sample, to corrupt. */
    static byte[] crc32cSample() throws IOException {
        return superblock("crc32c-16k");
    }

    /** Recomputes the checksum of a superblock after a test changed it, so other checks are reached. */
    static byte[] reseal(byte[] sb) {
        int typeId = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN).getShort(196) & 0xffff;
        ChecksumType type = ChecksumType.fromId(typeId).orElseThrow();
        byte[] csum = type.compute(sb, 32, sb.length - 32);
        System.arraycopy(csum, 0, sb, 0, csum.length);
        return sb;
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}

package btrfs.workbench.bench.array;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One benchmark array: what mkfs.btrfs makes and how much metadata the populator writes into it.
 *
 * @param name              short name, also the cache directory's prefix (e.g. {@code raid1-4dev})
 * @param metadataProfile   mkfs.btrfs -m
 * @param dataProfile       mkfs.btrfs -d
 * @param devices           number of loop devices
 * @param deviceBytes       size of each (sparse) image
 * @param nodesize          mkfs.btrfs -n
 * @param metadataTarget    metadata bytes in use (logical, as btrfs filesystem df counts) at least
 * @param minMetadataGroups metadata block groups at least
 */
public record ArraySpec(String name, String metadataProfile, String dataProfile, int devices, long deviceBytes,
        int nodesize, long metadataTarget, int minMetadataGroups) {

    /**
     * Bump whenever the way arrays are built or populated changes (populate.py's smallfiles and
     * churn included): cached arrays of another version are rebuilt instead of silently measured.
     * 2: the files are written by testdata/populate.py.
     */
    public static final int VERSION = 2;

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;

    /** The largest metadata chunk the kernel allocates on filesystems under 50 GiB (its sysfs chunk_size). */
    static final long KERNEL_METADATA_CHUNK = 256 * MIB;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> PROFILES = Set.of("single", "dup", "raid0", "raid1", "raid1c3", "raid1c4",
            "raid10", "raid5", "raid6");

    public ArraySpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("array name '" + name + "' must be lower-case letters, digits, '-'");
        }
        if (!PROFILES.contains(metadataProfile) || !PROFILES.contains(dataProfile)) {
            throw new IllegalArgumentException("unknown profile in " + metadataProfile + "/" + dataProfile);
        }
        if (devices < 1 || deviceBytes < 128 * MIB || nodesize < 4096 || metadataTarget <= 0
                || minMetadataGroups < 1) {
            throw new IllegalArgumentException("impossible array " + name);
        }
    }

    /** The cache key: name, {@link #VERSION} and a digest of every field, so any change rebuilds. */
    public String key() {
        return name + "-v" + VERSION + "-" + digest(toString()).substring(0, 10);
    }

    /**
     * The largest a metadata chunk of this array can be: the kernel caps a chunk at 10 % of the
     * writable bytes of all devices. Enough allocated bytes divided by it is a safe lower bound
     * on the number of block groups while the filesystem is mounted.
     */
    long largestMetadataChunk() {
        return Math.min(KERNEL_METADATA_CHUNK, devices * deviceBytes / 10);
    }

    /** "4 × 3.0 GiB, metadata raid1, data single, 16 KiB nodes". */
    public String describe() {
        return devices + " × " + sizeText(deviceBytes) + ", metadata " + metadataProfile + ", data " + dataProfile
                + ", " + nodesize / 1024 + " KiB nodes";
    }

    static String sizeText(long bytes) {
        return bytes >= GIB ? String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) GIB)
                : bytes / MIB + " MiB";
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

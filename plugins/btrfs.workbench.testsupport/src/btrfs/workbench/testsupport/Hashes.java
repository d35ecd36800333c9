package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHA-256 of files: the read-only rule is proven by hashing images before and after. */
public final class Hashes {

    /** An extent line of {@code filefrag -e -b1}: "  3:  65536..  131071:  ...", offsets in bytes. */
    private static final Pattern EXTENT = Pattern.compile("^\\s*\\d+:\\s*(\\d+)\\.\\.\\s*(\\d+):");

    private Hashes() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static Map<Path, String> sha256(List<Path> files) throws IOException {
        return each(files, Hashes::sha256);
    }

    /**
     * A hash of a big sparse image (the btrfs-progs images claim up to 2.7 TiB) that does not read
     * its holes: SHA-256 over its size, its modification and change times, and the offset and
     * bytes of every data extent the filesystem reports (FIEMAP through {@code filefrag}). A write
     * anywhere changes the bytes of an extent, adds an extent or at least moves the change time,
     * which no process can set back. Without filefrag only size and times are hashed.
     */
    public static String dataSha256(Path file) throws IOException {
        MessageDigest digest = digest();
        digest.update((Files.size(file) + " " + Files.getLastModifiedTime(file) + " " + changeTime(file))
                .getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long[] extent : dataExtents(file)) {
                digest.update((extent[0] + "+" + extent[1] + ":").getBytes(StandardCharsets.UTF_8));
                hashRange(channel, extent[0], extent[1], digest, buffer);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@link #dataSha256(Path)} of each file. */
    public static Map<Path, String> dataSha256(List<Path> files) throws IOException {
        return each(files, Hashes::dataSha256);
    }

    /** One way of hashing a file. */
    private interface FileHash {
        String of(Path file) throws IOException;
    }

    private static Map<Path, String> each(List<Path> files, FileHash hash) throws IOException {
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path file : files) {
            hashes.put(file, hash.of(file));
        }
        return hashes;
    }

    private static Object changeTime(Path file) throws IOException {
        try {
            return Files.getAttribute(file, "unix:ctime");
        } catch (UnsupportedOperationException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** (offset, length) of every data extent in bytes; empty when filefrag cannot tell. */
    private static List<long[]> dataExtents(Path file) {
        SystemCommands.Result result = SystemCommands.run("filefrag", "-e", "-b1", file.toString());
        if (!result.ok()) {
            return List.of();
        }
        return result.output().lines().map(EXTENT::matcher).filter(Matcher::find)
                .map(m -> new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1 })
                .toList();
    }

    private static void hashRange(FileChannel channel, long offset, long length, MessageDigest digest,
            ByteBuffer buffer) throws IOException {
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = channel.read(buffer, offset + done);
            if (n < 0) {
                break; // an extent past the end (preallocated): nothing more to hash
            }
            digest.update(buffer.flip());
            done += n;
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

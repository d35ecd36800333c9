package btrfs.workbench.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a fuzz test's generated corpus lives: Jazzer reads every file there as a seed before it
 * mutates, and adds the inputs it finds interesting. The build points it below target/
 * ({@code jazzer.internal.basedir}); {@link SeedCorpus} fills it with real blocks first.
 */
public final class FuzzCorpus {

    private FuzzCorpus() {
    }

    /** Jazzer's layout: {@code .cifuzz-corpus/<test class name>/<test method name>}. */
    public static Path dir(String testClass, String method) {
        String base = System.getProperty("btrfs.workbench.fuzz.corpus", "target/.cifuzz-corpus");
        return Path.of(base).resolve(testClass).resolve(method);
    }

    /** Writes one seed, named by its content so that rerunning the seeding adds no duplicates. */
    public static void write(Path dir, String label, byte[] seed) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed-" + label + "-" + shortHash(seed)), seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

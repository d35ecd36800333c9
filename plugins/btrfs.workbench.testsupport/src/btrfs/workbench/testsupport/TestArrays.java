package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import btrfs.workbench.discovery.ImageScanner;

/**
 * Where the committed kernel-written test arrays are ({@code testdata/arrays}) and where tests
 * unpack them (below the top-level {@code target/}). The build passes both as system
 * properties; run elsewhere (an IDE), they are found from the working directory.
 */
public final class TestArrays {

    private TestArrays() {
    }

    /** The checkout's top directory (the one holding {@code testdata/} and {@code plugins/}). */
    public static Path repositoryRoot() {
        String testdata = System.getProperty("btrfs.workbench.testdata");
        if (testdata != null) {
            return Path.of(testdata).toAbsolutePath().getParent();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata")) && Files.isDirectory(dir.resolve("plugins"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the checkout (no testdata/ and plugins/ above "
                + Path.of("").toAbsolutePath() + "); set -Dbtrfs.workbench.testdata");
    }

    /**
     * {@code testdata/arrays}, or the directory named by {@code -Dbtrfs.workbench.arrays}: the
     * tests are data-driven, so arrays generated beyond the committed ones
     * ({@code OUT=DIR SEED=x DEVSIZE=192M testdata/generate.sh}) are checked the same way.
     */
    public static Path arraysDir() {
        String other = System.getProperty("btrfs.workbench.arrays");
        return other != null && !other.isBlank() ? Path.of(other)
                : repositoryRoot().resolve("testdata").resolve("arrays");
    }

    /** Every committed array, sorted by name; fails when there are none (they are committed). */
    public static List<TestArray> all() {
        try (Stream<Path> dirs = Files.list(arraysDir())) {
            List<TestArray> arrays = dirs.filter(d -> Files.isRegularFile(d.resolve("array.tsv"))).sorted()
                    .map(TestArray::load).toList();
            if (arrays.isEmpty()) {
                throw new IllegalStateException("no test arrays under " + arraysDir());
            }
            return arrays;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One committed array by name. Run on other arrays ({@code -Dbtrfs.workbench.arrays}), a test
     * that needs a particular committed array is skipped rather than failed.
     */
    public static TestArray named(String name) {
        return all().stream().filter(a -> a.name().equals(name)).findFirst().orElseGet(() -> {
            if (System.getProperty("btrfs.workbench.arrays", "").isBlank()) {
                throw new IllegalArgumentException("no test array " + name + " under " + arraysDir());
            }
            return Assumptions.abort("array " + name + " is not among the arrays under " + arraysDir());
        });
    }

    /** Where compressed images are unpacked: the scanner's cache, which the build points below target/. */
    public static Path cacheDir() {
        return ImageScanner.defaultCacheDir();
    }

    /** Scratch space of this build: {@code target/} at the top of the checkout. */
    public static Path workDir() {
        String work = System.getProperty("btrfs.workbench.work");
        return work != null ? Path.of(work) : repositoryRoot().resolve("target");
    }
}

package btrfs.workbench.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

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

    public static Path arraysDir() {
        return repositoryRoot().resolve("testdata").resolve("arrays");
    }

    /** Scratch space of this build: {@code target/} at the top of the checkout. */
    public static Path workDir() {
        String work = System.getProperty("btrfs.workbench.work");
        return work != null ? Path.of(work) : repositoryRoot().resolve("target");
    }
}

package btrfs.workbench.bench.array;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import btrfs.workbench.bench.BenchException;
import btrfs.workbench.testsupport.SystemCommands;

/**
 * {@code testdata/populate.py}, the project's one populator (generate.sh fills the committed test
 * arrays with it), as this jar carries it: copied next to the images it fills, so that a cached
 * array keeps the populator that wrote it, and run with python3 on the mounted array, in
 * {@link #WRITERS} processes at once over disjoint ranges of directories.
 */
final class PopulateScript {

    /** Where the build puts testdata/populate.py in the jar (see the pom's resources). */
    private static final String RESOURCE = "populate.py";
    /** The machine has two cores; more writers only contend for the tree locks. */
    private static final int WRITERS = 2;
    /** A batch takes seconds to minutes; an hour means something hangs. */
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private final SystemCommands commands;
    private final Path script;
    private final Path top;
    private final String seed;

    /**
     * @param script where {@link #copyTo} put the script
     * @param top    the mounted array
     * @param seed   what populate.py derives every name, size and byte from (the array's name)
     */
    PopulateScript(SystemCommands commands, Path script, Path top, String seed) {
        this.commands = commands;
        this.script = script;
        this.top = top;
        this.seed = seed;
    }

    /** @return the script, written into {@code dir} */
    static Path copyTo(Path dir) throws BenchException {
        try (InputStream in = PopulateScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BenchException(RESOURCE + " is missing from the benchmark's jar; rebuild it");
            }
            Path script = dir.resolve(RESOURCE);
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return script;
        } catch (IOException e) {
            throw new BenchException("cannot write " + RESOURCE + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code smallfiles}: directories {@code first ..< first + count} of {@code perDir} small files each. */
    void smallFiles(int first, int count, int perDir) throws BenchException {
        inParallel(first, count, (from, n) -> command("smallfiles", from, n, perDir));
    }

    /** {@code churn}: round {@code round} over directories {@code 0 ..< dirs}, {@code percent} % of them touched. */
    void churn(int round, int dirs, int percent) throws BenchException {
        inParallel(0, dirs, (from, n) -> command("churn", round, from, n, percent));
    }

    /** {@code python3 SCRIPT SUBCOMMAND TOP SEED NUMBERS...}, as populate.py's usage says. */
    private String[] command(String subcommand, int... numbers) {
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), subcommand, top.toString(), seed));
        for (int number : numbers) {
            command.add(Integer.toString(number));
        }
        return command.toArray(String[]::new);
    }

    /** One process per share of the directories, all at once; the first failure (full device, I/O error) stops the build. */
    private void inParallel(int first, int count, Share share) throws BenchException {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<SystemCommands.Result>> runs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int from = first + (int) ((long) count * w / WRITERS);
                int to = first + (int) ((long) count * (w + 1) / WRITERS);
                if (to > from) {
                    Callable<SystemCommands.Result> run = () -> commands.check(TIMEOUT, share.command(from, to - from));
                    runs.add(writers.submit(run));
                }
            }
            for (Future<SystemCommands.Result> run : runs) {
                run.get();
            }
        } catch (ExecutionException e) {
            throw new BenchException(seed + ": writing files failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(seed + ": interrupted while writing files", e);
        } finally {
            writers.shutdownNow();
        }
    }

    /** The command for directories {@code from ..< from + count}. */
    @FunctionalInterface
    private interface Share {
        String[] command(int from, int count);
    }
}

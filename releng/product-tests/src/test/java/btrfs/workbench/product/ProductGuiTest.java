package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./btrfs-workbench FILE} opens a snapshot or a recording in the GUI on a machine without
 * the array's devices: the images the CLI read are deleted before the GUI starts. The window's
 * title names what the views show; a screenshot of the screen is kept. Needs Xvfb and xdotool
 * (CI installs them); skipped without.
 */
class ProductGuiTest {

    private static final Path INSTALLATION = Path.of(System.getProperty("btrfs.workbench.installation"));
    private static final Path LAUNCHER = INSTALLATION.resolve("btrfs-workbench");
    private static final Path ARRAYS = Path.of(System.getProperty("btrfs.workbench.testdata")).resolve("arrays");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("btrfs.workbench.screenshots",
            "target/screenshots"));
    /** What GTK says when it cannot open the display. */
    private static final String NO_DISPLAY = "gtk_init_check() failed";

    @TempDir
    Path scratch;

    @Test
    void aSnapshotAndARecordingOpenWithoutTheArray() throws Exception {
        assumeTrue(onPath("xvfb-run") && onPath("xdotool"), "needs xvfb-run and xdotool");
        Path devices = Files.createDirectory(scratch.resolve("devices"));
        List<String> cli = new ArrayList<>(List.of("readahead", "--tree", "fs", "--tree", "extent", "--latency-ms", "5",
                "--snapshot", scratch.resolve("final.json").toString(), "--record",
                scratch.resolve("run.rec.gz").toString()));
        try (Stream<Path> images = Files.list(ARRAYS.resolve("raid10-xxhash-16k"))) {
            for (Path image : images.filter(f -> f.toString().endsWith(".img.zst")).toList()) {
                Path copy = devices.resolve(image.getFileName());
                Files.copy(image, copy);
                cli.add(copy.toString());
            }
        }
        assertEquals("", shell(List.of(LAUNCHER.toString()), cli), "the CLI wrote both");
        deleteTree(devices); // the GUI must not need them

        String opened = gui("final.json", "snapshot final.json", "snapshot-gui.png");
        assertTrue(opened.startsWith("found"), opened);
        String replayed = gui("run.rec.gz", "replay run.rec.gz", "replay-gui.png");
        assertTrue(replayed.startsWith("found"), replayed);
    }

    /**
     * Starts the product on {@code file} under Xvfb and waits up to a minute for a window whose
     * title contains {@code title}; screenshots the screen, ends the product.
     */
    private String gui(String file, String title, String screenshot) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String script = String.join("\n",
                "\"$0\" \"$1\" >\"$4/gui.out\" 2>&1 & pid=$!",
                "for i in $(seq 120); do",
                "  if xdotool search --name \"$2\" >/dev/null 2>&1; then",
                "    sleep 2", // let the views paint before the screenshot
                "    if command -v import >/dev/null; then import -window root \"$3\"; fi",
                "    kill $pid; wait $pid; echo found; exit 0",
                "  fi",
                "  if ! kill -0 $pid 2>/dev/null; then echo \"ended early\"; cat \"$4/gui.out\"; exit 1; fi",
                "  sleep 0.5",
                "done",
                "kill $pid; echo \"no window titled $2\"; cat \"$4/gui.out\"; exit 1");
        List<String> command = List.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "sh", "-c", script,
                LAUNCHER.toString(), scratch.resolve(file).toString(), title,
                SCREENSHOTS.resolve(screenshot).toAbsolutePath().toString(), scratch.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(scratch.toFile());
        builder.environment().put("XDG_STATE_HOME", scratch.resolve("state").toString());
        builder.environment().put("XDG_CACHE_HOME", scratch.resolve("cache").toString());
        String output = run(builder);
        if (output.contains(NO_DISPLAY)) {
            // the product never ran: the fresh Xvfb was not there for GTK (once in a clean-clone CI
            // run, the second of two servers started back to back); a second server is a new try
            output = run(builder);
        }
        assertFalse(output.contains("Exception"), output);
        return output;
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the GUI test hung");
        return output;
    }

    /** Runs the launcher with {@code args}; stderr, or "exit N" on failure. */
    private String shell(List<String> prefix, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectOutput(scratch.resolve("cli.out").toFile()).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return process.exitValue() == 0 ? err : "exit " + process.exitValue() + ": " + err;
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        return p.waitFor() == 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}

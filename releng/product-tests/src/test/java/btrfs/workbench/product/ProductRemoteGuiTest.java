package btrfs.workbench.product;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import btrfs.workbench.testsupport.SshServer;

/**
 * {@code btrfs-workbench ssh://localhost/DIR} as a user starts it (issue 19): the installed
 * product's GUI, ssh configured as in {@code ~/.ssh/config} ({@code BTRFS_WORKBENCH_SSH="ssh -F
 * FILE"}), a real sshd whose PATH holds the installation. The server's arrays are scanned there,
 * and Launch readahead (Ctrl+R, Enter) runs the readahead there: both through the server's start
 * script, which leaves its class archive per command in the server's state directory. Screenshots
 * are kept. Skipped without Xvfb, xdotool or sshd.
 */
class ProductRemoteGuiTest {

    private static final Path INSTALLATION = Path.of(System.getProperty("btrfs.workbench.installation"));
    private static final Path LAUNCHER = INSTALLATION.resolve("btrfs-workbench");
    private static final Path ARRAYS = Path.of(System.getProperty("btrfs.workbench.testdata")).resolve("arrays");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("btrfs.workbench.screenshots",
            "target/screenshots"));
    private static final long MINUTE = 60_000;

    @TempDir
    Path scratch;

    @Test
    void anSshArgumentOpensTheServersArraysAndALaunchRunsThere() throws Exception {
        Optional<String> noSshd = SshServer.unavailable();
        assumeTrue(noSshd.isEmpty(), () -> noSshd.orElse(""));
        assumeTrue(onPath("Xvfb") && onPath("xdotool"), "needs Xvfb and xdotool");
        Path images = Files.createDirectories(scratch.resolve("images"));
        try (Stream<Path> files = Files.list(ARRAYS.resolve("raid1-blake2-16k"))) {
            for (Path image : files.filter(f -> f.toString().endsWith(".img.zst")).toList()) {
                Files.copy(image, images.resolve(image.getFileName()));
            }
        }
        Path serverState = scratch.resolve("ssh/state/btrfs-workbench");
        try (SshServer ssh = SshServer.start(Files.createDirectories(scratch.resolve("ssh")), INSTALLATION)) {
            Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Process gui = null;
            try {
                String display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(),
                        StandardCharsets.UTF_8)).readLine().strip();
                // an empty directory here: this machine's disks are not scanned, the server's arrays are all
                Path nothingHere = Files.createDirectories(scratch.resolve("here"));
                ProcessBuilder start = new ProcessBuilder(LAUNCHER.toString(), nothingHere.toString(),
                        "ssh://localhost" + images).redirectErrorStream(true)
                        .redirectOutput(scratch.resolve("gui.out").toFile());
                Map<String, String> env = start.environment();
                env.put("DISPLAY", display);
                env.put("XDG_STATE_HOME", scratch.resolve("state").toString());
                env.put("XDG_CACHE_HOME", scratch.resolve("cache").toString());
                env.put("BTRFS_WORKBENCH_SSH", "ssh -F " + ssh.clientConfig());
                gui = start.start();
                Process running = gui;
                await("the window", () -> xdotool(display, "search", "--name", "Btrfs Workbench"), running);
                await("the scan on the server", () -> archived(serverState, "scan"), running);
                Thread.sleep(2000); // the Arrays view shows the server's arrays
                screenshot(display, "product-remote-arrays.png");
                // no window manager on this display: focus the window itself, then the key
                assertTrue(xdotool(display, "search", "--onlyvisible", "--name", "Btrfs Workbench", "windowfocus",
                        "--sync", "key", "ctrl+r"), "Ctrl+R");
                await("the launch dialog", () -> xdotool(display, "search", "--name", "Launch readahead"), running);
                Thread.sleep(1000); // its trees asked on the server
                assertTrue(xdotool(display, "key", "Return"), "OK");
                await("the readahead on the server", () -> archived(serverState, "readahead"), running);
                Thread.sleep(2000);
                screenshot(display, "product-remote-run.png");
                assertTrue(Files.readString(scratch.resolve("gui.out")).lines().noneMatch(l -> l.contains("Exception")),
                        Files.readString(scratch.resolve("gui.out")));
            } finally {
                if (gui != null) {
                    gui.destroy();
                    gui.waitFor(30, TimeUnit.SECONDS);
                }
                xvfb.destroy();
            }
        }
    }

    /** True once the server's start script ran {@code command} to its end (its class archive is written then). */
    private static boolean archived(Path state, String command) {
        try (Stream<Path> files = Files.list(state)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("cli-\\d+-" + command + "\\.jsa"));
        } catch (IOException e) {
            return false;
        }
    }

    private void await(String what, BooleanSupplier done, Process gui) throws Exception {
        long deadline = System.currentTimeMillis() + MINUTE;
        while (!done.getAsBoolean()) {
            String out = Files.readString(scratch.resolve("gui.out"));
            assertTrue(gui.isAlive(), "the GUI ended before " + what + ": " + out);
            assertTrue(System.currentTimeMillis() < deadline, "no " + what + " within a minute: " + out);
            Thread.sleep(250);
        }
    }

    private static boolean xdotool(String display, String... args) {
        try {
            ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("xdotool"), Stream.of(args)).toList())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DISPLAY", display);
            Process p = builder.start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void screenshot(String display, String name) throws Exception {
        if (!onPath("import")) {
            return; // ImageMagick is optional: the checks above stand without the picture
        }
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder(List.of("import", "-window", "root",
                SCREENSHOTS.resolve(name).toAbsolutePath().toString()));
        builder.environment().put("DISPLAY", display);
        builder.start().waitFor(30, TimeUnit.SECONDS);
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}

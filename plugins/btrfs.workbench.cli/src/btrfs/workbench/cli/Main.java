package btrfs.workbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The headless commands without OSGi: what the start script runs for a command, on a plain class
 * path of the core bundles and their libraries. Equinox resolving the whole product (the GUI's
 * bundles too) took most of the 2.6 s a {@code --version} cost; the commands need none of it. The
 * same {@link Cli} runs, with the version {@link CliApplication} reports.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(version()).run(args, System.out, System.err));
    }

    /** The Bundle-Version of the jar (or classes directory) this class was loaded from, as OSGi says it. */
    static String version() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Manifest manifest = manifest(location);
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
            return version == null ? "unknown" : version.strip();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Manifest manifest(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            Path file = location.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return new Manifest(in);
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.getManifest();
        }
    }
}

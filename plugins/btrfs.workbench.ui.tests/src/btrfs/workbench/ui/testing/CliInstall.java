package btrfs.workbench.ui.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import btrfs.workbench.cli.Cli;

/**
 * A "server installation" of the headless CLI for the remote-array UI tests, built from this
 * test runtime's bundles (the product is built after these tests): a start script that runs
 * {@code btrfs.workbench.cli.Main} on a plain class path of every installed bundle, as the
 * product's start script runs it on the core bundles.
 */
public final class CliInstall {

    private CliInstall() {
    }

    /** Writes {@code dir/btrfs-workbench} and returns it. */
    public static Path script(Path dir) throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(":", classPath());
        Path script = dir.resolve("btrfs-workbench");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED"
                + " -cp '" + classPath + "' btrfs.workbench.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Every bundle's jar or directory (a directory's classes below it too, as Tycho builds them). */
    private static List<String> classPath() throws IOException {
        Bundle cli = FrameworkUtil.getBundle(Cli.class);
        List<String> entries = new ArrayList<>();
        for (Bundle bundle : cli.getBundleContext().getBundles()) {
            File location = FileLocator.getBundleFileLocation(bundle).orElse(null);
            if (location == null) {
                continue;
            }
            for (Path classes : List.of(location.toPath().resolve("target/classes"), location.toPath().resolve("bin"))) {
                if (Files.isDirectory(classes)) {
                    entries.add(classes.toString());
                }
            }
            entries.add(location.toString());
        }
        return entries;
    }
}

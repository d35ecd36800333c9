package btrfs.workbench.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import btrfs.workbench.discovery.CompressedImages;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.metadata.AccessHint;

/** Turns a user's PATH argument into a path to read from, or a one-line error with exit code 2. */
final class Inputs {

    private Inputs() {
    }

    /** The device or image itself, or the unpacked copy of a {@code .zst} image. */
    static Path readable(String arg) throws CliException {
        Path path = toPath(arg);
        if (!Files.exists(path)) {
            throw new CliException(Cli.BAD_INPUT, path + ": no such file or device");
        }
        if (Files.isDirectory(path)) {
            throw new CliException(Cli.BAD_INPUT, path + ": is a directory, not a device or image");
        }
        if (!Files.isReadable(path)) {
            // before any open: one line naming the path and the way to read access, no retry
            throw permissionDenied(path, null);
        }
        try {
            return CompressedImages.readablePath(path, ImageScanner.defaultCacheDir());
        } catch (AccessDeniedException e) {
            throw permissionDenied(path, e);
        } catch (NoSuchFileException e) {
            throw new CliException(Cli.BAD_INPUT, path + ": no such file or device", e);
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, e.getMessage(), e);
        }
    }

    static CliException permissionDenied(Path path, Exception cause) {
        return new CliException(Cli.BAD_INPUT, path + ": " + AccessHint.denied(path), cause);
    }

    private static Path toPath(String arg) throws CliException {
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            throw CliException.usage("not a path: " + arg);
        }
    }
}

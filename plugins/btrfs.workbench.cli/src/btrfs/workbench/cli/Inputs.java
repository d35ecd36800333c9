package btrfs.workbench.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import btrfs.workbench.session.DevicePaths;
import btrfs.workbench.session.SessionException;

/** Turns a user's PATH argument into a path to read from, or a one-line error with exit code 2. */
final class Inputs {

    private Inputs() {
    }

    /** The device or image itself, or the unpacked copy of a {@code .zst} image. */
    static Path readable(String arg) throws CliException {
        try {
            return DevicePaths.readable(toPath(arg));
        } catch (SessionException e) {
            throw CliException.of(e);
        }
    }

    static CliException permissionDenied(Path path, Exception cause) {
        return CliException.of(DevicePaths.permissionDenied(path, cause));
    }

    static Path toPath(String arg) throws CliException {
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            throw CliException.usage("not a path: " + arg);
        }
    }
}

package btrfs.workbench.session;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import btrfs.workbench.discovery.CompressedImages;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.metadata.AccessHint;

/** A path the user named as a device or image, turned into the path its bytes are read from. */
public final class DevicePaths {

    private DevicePaths() {
    }

    /**
     * The device or image itself, or the unpacked copy of a {@code .zst} image.
     *
     * @throws SessionException naming the path and what is wrong with it
     */
    public static Path readable(Path path) throws SessionException {
        if (!Files.exists(path)) {
            throw new SessionException(path + ": no such file or device");
        }
        if (Files.isDirectory(path)) {
            throw new SessionException(path + ": is a directory, not a device or image");
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
            throw new SessionException(path + ": no such file or device", e);
        } catch (IOException e) {
            throw new SessionException(e.getMessage(), e);
        }
    }

    /** The user may not read {@code path}: the message says how to get read access. */
    public static SessionException permissionDenied(Path path, Exception cause) {
        return new SessionException(path + ": " + AccessHint.denied(path), cause);
    }
}

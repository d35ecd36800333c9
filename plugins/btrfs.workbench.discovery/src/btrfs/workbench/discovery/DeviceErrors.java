package btrfs.workbench.discovery;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import btrfs.workbench.metadata.AccessHint;

/** One clear line for an I/O failure, as a btrfs admin wants to read it. */
final class DeviceErrors {

    private DeviceErrors() {
    }

    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or device";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() != null ? AccessHint.denied(Path.of(denied.getFile())) : AccessHint.DEVICE;
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason(); // its message repeats the path the caller already names
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}

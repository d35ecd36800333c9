package btrfs.workbench.discovery.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads of small {@code /sys} attributes that never throw: a missing, unreadable or odd file (some
 * drivers answer EIO, containers hide parts of sysfs) is simply unknown, {@code null}.
 */
final class Sysfs {

    private Sysfs() {
    }

    /** The attribute's text without its trailing newline, or {@code null}. */
    static String read(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The attribute trimmed (SCSI pads models with blanks), or {@code null} when absent or blank. */
    static String text(Path file) {
        String text = read(file);
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A numeric attribute, or {@code null}. */
    static Long number(Path file) {
        String text = text(file);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A 0/1 attribute, or {@code null}. */
    static Boolean flag(Path file) {
        Long value = number(file);
        return value == null ? null : value != 0;
    }

    /** The names in a directory, sorted; empty when it is missing or unreadable. */
    static List<String> names(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

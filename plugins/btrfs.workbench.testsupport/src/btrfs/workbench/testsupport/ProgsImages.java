package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.discovery.CompressedImages;

/**
 * The shared images of the btrfs-progs test suite ({@code ../shared/testdata/btrfs-progs-images},
 * many corrupt or fuzzed), described by its MANIFEST.tsv. Never copied into the project: tests
 * that use them skip when the folder is absent.
 */
public final class ProgsImages {

    /** One filesystem of the set: one image, or the members of a multi-device filesystem. */
    public record Filesystem(String group, List<Image> images) {
    }

    /** One image: its compressed file and the full device size to restore ({@code truncate -s}). */
    public record Image(String name, Path file, long size) {

        /** Unpacked below target/ and grown back to its full (sparse) size, as docs/testing.md says. */
        public Path unpacked() {
            try {
                Path raw = CompressedImages.readablePath(file, TestArrays.cacheDir());
                if (Files.size(raw) < size) {
                    try (RandomAccessFile grow = new RandomAccessFile(raw.toFile(), "rw")) {
                        grow.setLength(size);
                    }
                }
                return raw;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private ProgsImages() {
    }

    public static Path directory() {
        return TestArrays.repositoryRoot().getParent().resolve("shared/testdata/btrfs-progs-images");
    }

    public static boolean available() {
        return Files.isRegularFile(directory().resolve("MANIFEST.tsv"));
    }

    /**
     * Filesystems in manifest order. Members of one multi-device filesystem (same fs_group,
     * num_devices above 1) are one filesystem; images the manifest only grouped for its split
     * (byte-identical copies) are each a filesystem of their own, named after the image.
     */
    public static List<Filesystem> filesystems() {
        Map<String, List<Image>> groups = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(directory().resolve("MANIFEST.tsv"));
            List<String> header = List.of(lines.get(0).split("\t", -1));
            int name = header.indexOf("name");
            int size = header.indexOf("size");
            int group = header.indexOf("fs_group");
            int devices = header.indexOf("num_devices");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t", -1);
                Path file = directory().resolve(cells[name] + ".raw.zst");
                if (Files.isRegularFile(file)) {
                    String key = isMember(cells[devices]) ? cells[group] : cells[name];
                    groups.computeIfAbsent(key, g -> new ArrayList<>())
                            .add(new Image(cells[name], file, Long.parseLong(cells[size])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Filesystem> filesystems = new ArrayList<>();
        groups.forEach((g, images) -> filesystems.add(new Filesystem(g, images)));
        return filesystems;
    }

    /** num_devices as the superblock says (possibly fuzzed): above 1, a member of a multi-device filesystem. */
    private static boolean isMember(String numDevices) {
        try {
            return Long.parseUnsignedLong(numDevices) > 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

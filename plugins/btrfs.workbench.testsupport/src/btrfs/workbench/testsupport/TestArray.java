package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import btrfs.workbench.discovery.CompressedImages;

/**
 * One committed kernel-written array: {@code testdata/arrays/NAME/array.tsv} (key, value) with
 * its compressed device images and the btrfs-progs truth under {@code truth/}.
 */
public record TestArray(String name, Path dir, Map<String, String> properties, List<TestDevice> devices) {

    public TestArray {
        properties = Map.copyOf(properties);
        devices = List.copyOf(devices);
    }

    static TestArray load(Path dir) {
        Map<String, String> properties = readTsv(dir.resolve("array.tsv"));
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 1; properties.containsKey("dev." + i + ".file"); i++) {
            devices.add(TestDevice.of(dir, i, properties));
        }
        return new TestArray(dir.getFileName().toString(), dir, properties, devices);
    }

    private static Map<String, String> readTsv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    values.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }

    public String get(String key) {
        String value = properties.get(key);
        if (value == null) {
            throw new IllegalStateException(dir.resolve("array.tsv") + " has no " + key);
        }
        return value;
    }

    public String label() {
        return get("label");
    }

    public UUID fsid() {
        return UUID.fromString(get("fsid"));
    }

    public int numDevices() {
        return Integer.parseInt(get("num_devices"));
    }

    public List<Path> compressedImages() {
        return devices.stream().map(TestDevice::file).toList();
    }

    /** The device images unpacked below target/ (once per build), in devid order of array.tsv. */
    public List<Path> unpackedImages() {
        List<Path> unpacked = new ArrayList<>();
        for (TestDevice device : devices) {
            try {
                unpacked.add(CompressedImages.readablePath(device.file(), TestArrays.cacheDir()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    /** {@code btrfs inspect-internal dump-super -f} of device {@code index} (1-based). */
    public DumpSuper dumpSuper(int index) {
        try {
            return DumpSuper.parse(Files.readString(dir.resolve("truth").resolve("dump-super-dev" + index + ".txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

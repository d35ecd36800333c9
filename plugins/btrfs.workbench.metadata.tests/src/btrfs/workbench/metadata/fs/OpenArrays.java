package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

import btrfs.workbench.testsupport.TestArray;
import btrfs.workbench.testsupport.TestArrays;
import btrfs.workbench.testsupport.TestDevice;

/**
 * The arrays the data-driven tests run on: the kernel-written ones of {@code testdata/arrays}
 * and the small mkfs-written ones of this fragment's {@code resources/arrays} (RAID1C4, RAID10
 * over 6 devices, RAID5/6 with 3 data stripes; same layout, see its generate.sh).
 */
final class OpenArrays {

    private OpenArrays() {
    }

    /** Kernel-written arrays first, then the mkfs-written ones. */
    static List<TestArray> all() {
        List<TestArray> arrays = new ArrayList<>(TestArrays.all());
        arrays.addAll(mkfsArrays());
        return List.copyOf(arrays);
    }

    static List<TestArray> mkfsArrays() {
        Path dir = TestArrays.repositoryRoot().resolve("plugins/btrfs.workbench.metadata.tests/resources/arrays");
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("array.tsv"))).sorted().map(OpenArrays::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestArray load(Path dir) {
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("array.tsv"))) {
                String[] cells = line.split("\t", 2);
                properties.put(cells[0], cells[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 1; properties.containsKey("dev." + i + ".file"); i++) {
            String p = "dev." + i + ".";
            devices.add(new TestDevice(i, dir.resolve(properties.get(p + "file")),
                    Long.parseLong(properties.get(p + "devid")), UUID.fromString(properties.get(p + "uuid")),
                    Long.parseLong(properties.get(p + "size")), properties.get(p + "sha256")));
        }
        return new TestArray(dir.getFileName().toString(), dir, properties, devices);
    }

    /** Opens {@code array} from its unpacked images, failing the test if it does not open. */
    static BtrfsFilesystem open(TestArray array) {
        return open(array.unpackedImages());
    }

    static BtrfsFilesystem open(List<Path> images) {
        FilesystemOpen result = BtrfsFilesystem.openPaths(images);
        return assertInstanceOf(FilesystemOpen.Opened.class, result, () -> images + ": " + result).filesystem();
    }

    /** One dynamic test per array, named after it, with the array's filesystem opened and closed. */
    static Stream<DynamicTest> perArray(ThrowingConsumer<ArrayCase> test) {
        return perArray(array -> true, test);
    }

    /** {@link #perArray(ThrowingConsumer)} for the arrays {@code filter} accepts. */
    static Stream<DynamicTest> perArray(Predicate<TestArray> filter, ThrowingConsumer<ArrayCase> test) {
        return all().stream().filter(filter).map(array -> DynamicTest.dynamicTest(array.name(), () -> {
            try (BtrfsFilesystem fs = open(array)) {
                test.accept(new ArrayCase(array, fs));
            }
        }));
    }

    record ArrayCase(TestArray array, BtrfsFilesystem fs) {
    }
}

package btrfs.workbench.testsupport;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** One device image of a {@link TestArray}: {@code dev.N.*} lines of its array.tsv. */
public record TestDevice(int index, Path file, long devid, UUID uuid, long size, String sha256) {

    static TestDevice of(Path dir, int index, Map<String, String> properties) {
        String prefix = "dev." + index + ".";
        return new TestDevice(index, dir.resolve(properties.get(prefix + "file")),
                Long.parseLong(properties.get(prefix + "devid")), UUID.fromString(properties.get(prefix + "uuid")),
                Long.parseLong(properties.get(prefix + "size")), properties.get(prefix + "sha256"));
    }
}

package btrfs.workbench.bench.array;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An array in the cache, ready to be attached: its images and what building it produced.
 *
 * @param spec              what it was built from
 * @param dir               its cache directory (images {@code dev1.img ...} and {@code array.json})
 * @param fsid              the filesystem's uuid
 * @param metadataUsed      metadata bytes in use when it was unmounted (logical)
 * @param metadataAllocated metadata bytes allocated in block groups (logical)
 * @param metadataGroups    metadata block groups (counted in its chunk tree)
 * @param files             files created (before churn deleted some)
 * @param snapshots         read-only snapshots of the top level it still holds
 * @param rounds            snapshot-and-churn rounds it went through
 * @param buildSeconds      how long building took
 */
public record BuiltArray(ArraySpec spec, Path dir, String fsid, long metadataUsed, long metadataAllocated,
        int metadataGroups, long files, int snapshots, int rounds, double buildSeconds) {

    public List<Path> images() {
        return images(dir, spec.devices());
    }

    static List<Path> images(Path dir, int devices) {
        List<Path> images = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            images.add(dir.resolve("dev" + i + ".img"));
        }
        return images;
    }
}

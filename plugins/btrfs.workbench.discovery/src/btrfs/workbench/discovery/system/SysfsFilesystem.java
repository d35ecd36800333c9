package btrfs.workbench.discovery.system;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A mounted btrfs filesystem as {@code /sys/fs/btrfs/<fsid>} shows it (the kernel creates that
 * directory at mount time; {@code btrfs device scan} alone does not).
 *
 * @param label       {@code ""} when it has none, {@code null} when unreadable
 * @param deviceNames the block devices the kernel has opened for it ({@code devices/*}), e.g. {@code loop3}
 * @param features    the names in {@code features/}
 * @param devidToName devid to block device name where sysfs proves it (see {@link SysfsBtrfs}), else empty
 */
public record SysfsFilesystem(UUID fsid, String label, List<String> deviceNames, Set<String> features,
        Map<Long, String> devidToName) {

    public SysfsFilesystem {
        deviceNames = List.copyOf(deviceNames);
        features = Collections.unmodifiableSortedSet(new TreeSet<>(features)); // sorted: read by people
        devidToName = Collections.unmodifiableSortedMap(new TreeMap<>(devidToName));
    }
}

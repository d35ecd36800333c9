package btrfs.workbench.readahead.heatmap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where tree blocks can lie on one device: the physical ranges of its metadata and system block
 * groups (one per chunk stripe on the device, as its DEV_EXTENTs list them). Everything else on
 * the device is data or unallocated, which readahead never reads.
 *
 * @param devid    the device
 * @param size     bytes of the device the heatmap covers; every range lies below it
 * @param metadata the ranges, sorted by start
 */
public record DeviceLayout(long devid, long size, List<PhysicalRange> metadata) {

    public DeviceLayout {
        if (size < 0) {
            throw new IllegalArgumentException("device size " + size);
        }
        List<PhysicalRange> sorted = new ArrayList<>(metadata);
        sorted.sort(Comparator.comparingLong(PhysicalRange::start));
        for (PhysicalRange r : sorted) {
            if (r.end() > size) {
                throw new IllegalArgumentException("devid " + Long.toUnsignedString(devid) + ": " + r
                        + " lies beyond the device's " + size + " bytes");
            }
        }
        metadata = List.copyOf(sorted);
    }

    /** Bytes of the device in metadata ranges. */
    public long metadataBytes() {
        return metadata.stream().mapToLong(PhysicalRange::length).sum();
    }

    /** Whether {@code physical} lies in a metadata range. */
    public boolean isMetadata(long physical) {
        return metadata.stream().anyMatch(r -> r.contains(physical));
    }
}

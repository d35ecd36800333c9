package btrfs.workbench.discovery;

import java.util.List;

/** What a scan found: arrays grouped by fsid, and the paths that could not be used. */
public record ScanResult(List<BtrfsArray> arrays, List<Unreadable> unreadable) {

    public ScanResult {
        arrays = List.copyOf(arrays);
        unreadable = List.copyOf(unreadable);
    }
}

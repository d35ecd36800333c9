package btrfs.workbench.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import btrfs.workbench.metadata.fs.BtrfsFilesystem;
import btrfs.workbench.metadata.fs.FilesystemOpen;
import btrfs.workbench.metadata.fs.FsDevice;

/**
 * Which devids of an incomplete array are missing. Superblocks only count devices
 * (num_devices); devids need not be 1..n (a removed device leaves a gap), so the chunk tree's
 * DEV_ITEMs are asked, read from the members that are present.
 */
final class MissingDevices {

    private MissingDevices() {
    }

    /**
     * @param present  devids found
     * @param members  the found members' devices, to read the chunk tree from
     * @param warnings gets a line when the chunk tree cannot be read and devids are guessed
     */
    static List<Long> of(Set<Long> present, long numDevices, List<Path> members,
            List<String> warnings) {
        if (present.size() >= numDevices) {
            return List.of();
        }
        FilesystemOpen opened = BtrfsFilesystem.openPaths(members);
        if (opened instanceof FilesystemOpen.Opened ok) {
            try (BtrfsFilesystem fs = ok.filesystem()) {
                List<Long> missing = new ArrayList<>();
                for (FsDevice device : fs.devices()) {
                    if (!present.contains(device.devid())) {
                        missing.add(device.devid());
                    }
                }
                if (!missing.isEmpty()) {
                    return missing;
                }
            } catch (IOException e) {
                // closing read-only devices: nothing lost
            }
        }
        warnings.add((numDevices - present.size()) + " device(s) missing; the chunk tree could not be read, "
                + "so their devids are assumed to be the lowest ones not present");
        return guess(present, numDevices);
    }

    private static List<Long> guess(Set<Long> present, long numDevices) {
        Set<Long> missing = new TreeSet<>();
        for (long devid = 1; missing.size() + present.size() < numDevices; devid++) {
            if (!present.contains(devid)) {
                missing.add(devid);
            }
        }
        return List.copyOf(missing);
    }
}

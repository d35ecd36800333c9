package btrfs.workbench.metadata.fs;

import java.util.Objects;
import java.util.Optional;

import btrfs.workbench.metadata.DevItem;
import btrfs.workbench.metadata.io.PositionalReader;

/**
 * A device of the filesystem as the chunk tree lists it, and whether it is present.
 *
 * @param item   its DEV_ITEM (from the chunk tree; from its superblock if the chunk tree lacks it)
 * @param reader where it is read from, null if missing
 */
public record FsDevice(DevItem item, PositionalReader reader) {

    public FsDevice {
        Objects.requireNonNull(item, "item");
    }

    public long devid() {
        return item.devid();
    }

    public boolean present() {
        return reader != null;
    }

    /** The path or image name, empty when missing. */
    public Optional<String> name() {
        return Optional.ofNullable(reader).map(PositionalReader::name);
    }
}

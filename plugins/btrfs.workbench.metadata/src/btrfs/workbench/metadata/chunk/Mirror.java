package btrfs.workbench.metadata.chunk;

/**
 * One place a logical address can be read from.
 *
 * @param devid    the device
 * @param physical the byte offset on that device
 */
public record Mirror(long devid, long physical) {

    @Override
    public String toString() {
        return Long.toUnsignedString(devid) + ":" + physical;
    }
}

package btrfs.workbench.readahead.spi;

/**
 * One readable copy of a tree block: where on which device it lies.
 *
 * @param devid    the device
 * @param physical byte offset of the block on that device
 */
public record StripeCopy(long devid, long physical) {

    @Override
    public String toString() {
        return Long.toUnsignedString(devid) + ":" + Long.toUnsignedString(physical);
    }
}

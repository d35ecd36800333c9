package btrfs.workbench.readahead.spi;

/**
 * One device of the filesystem as the engine needs it.
 *
 * @param devid         the btrfs devid
 * @param present       false for a missing device (kernel: {@code dev->bdev == NULL}); the engine
 *                      never queues or reads on it
 * @param replaceTarget true for the target of a running dev-replace; the kernel reads it "only as
 *                      a last resort", so readahead never queues on it
 */
public record Device(long devid, boolean present, boolean replaceTarget) {

    public static Device present(long devid) {
        return new Device(devid, true, false);
    }

    public static Device missing(long devid) {
        return new Device(devid, false, false);
    }
}

package btrfs.workbench.readahead.state;

/**
 * One tree block in a device's view.
 *
 * @param logical  the block's logical address
 * @param physical where its copy lies on this device
 * @param status   queued, scheduled (in flight), or recently done/failed
 * @param readBy   devid the read was issued on (may be a peer of this device), -1 if none
 * @param records  controls waiting for this block (extctl records), 0 for done/failed
 * @param generation the generation the (first) waiting control expects; for a block read, the one
 *                 it had; 0 when unknown (failed)
 */
public record ExtentSnapshot(long logical, long physical, ExtentStatus status, long readBy, int records,
        long generation) {
}

/**
 * The one way metadata code reads storage: {@link btrfs.workbench.metadata.io.PositionalReader}
 * per device (positional, read-only) and {@link btrfs.workbench.metadata.io.BlockSource} for the
 * filesystem's devices by devid. O_DIRECT, latency models and fault injection wrap these.
 */
package btrfs.workbench.metadata.io;

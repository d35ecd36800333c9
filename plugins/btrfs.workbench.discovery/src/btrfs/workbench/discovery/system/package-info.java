/**
 * What this Linux machine has: its block devices ({@link btrfs.workbench.discovery.system.BlockDevices}),
 * its mounts ({@link btrfs.workbench.discovery.system.MountTable}) and the btrfs filesystems the
 * kernel has registered ({@link btrfs.workbench.discovery.system.SysfsBtrfs}).
 * <p>
 * Only OSHI, {@code /sys} and {@code /proc} are read: no block device is ever opened here (superblocks
 * are probed by {@link btrfs.workbench.discovery.ImageScanner}), so listing is safe on any machine and
 * fast. Nothing here throws on odd machines: what cannot be read is reported as unknown.
 */
package btrfs.workbench.discovery.system;

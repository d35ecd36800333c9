package btrfs.workbench.metadata;

import java.util.Objects;
import java.util.UUID;

/**
 * {@code struct btrfs_dev_item}: the description of one device of the
 * filesystem. The superblock embeds the item of the device it was read from;
 * the chunk tree holds the items of all devices.
 * <p>
 * u64 fields are Java longs: values above {@link Long#MAX_VALUE} appear
 * negative, use {@link Long#toUnsignedString(long)} to show them. u32 fields
 * are widened to long and are never negative.
 *
 * @param devid       btrfs' internal device id (1-based)
 * @param totalBytes  size of the device as btrfs uses it
 * @param bytesUsed   bytes allocated to chunks on this device
 * @param ioAlign     optimal io alignment (u32)
 * @param ioWidth     optimal io width (u32)
 * @param sectorSize  minimal io size (u32)
 * @param type        device type and info (unused by the kernel, normally 0)
 * @param generation  expected generation of this device
 * @param startOffset start of the usable area (reserved for stripe alignment, normally 0)
 * @param devGroup    allocation group (u32, unused, normally 0)
 * @param seekSpeed   0..255, unused
 * @param bandwidth   0..255, unused
 * @param uuid        the device's own uuid
 * @param fsid        the filesystem's metadata uuid, as known to this device
 */
public record DevItem(
        long devid,
        long totalBytes,
        long bytesUsed,
        long ioAlign,
        long ioWidth,
        long sectorSize,
        long type,
        long generation,
        long startOffset,
        long devGroup,
        int seekSpeed,
        int bandwidth,
        UUID uuid,
        UUID fsid) {

    /** On-disk size of {@code struct btrfs_dev_item}. */
    public static final int SIZE = 98;

    public DevItem {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(fsid, "fsid");
    }

    /** Decodes the item at {@code off}; the caller guarantees {@link #SIZE} bytes are there. */
    static DevItem decode(byte[] b, int off) {
        return new DevItem(
                DiskBytes.u64(b, off),
                DiskBytes.u64(b, off + 8),
                DiskBytes.u64(b, off + 16),
                DiskBytes.u32(b, off + 24),
                DiskBytes.u32(b, off + 28),
                DiskBytes.u32(b, off + 32),
                DiskBytes.u64(b, off + 36),
                DiskBytes.u64(b, off + 44),
                DiskBytes.u64(b, off + 52),
                DiskBytes.u32(b, off + 60),
                DiskBytes.u8(b, off + 64),
                DiskBytes.u8(b, off + 65),
                DiskBytes.uuid(b, off + 66),
                DiskBytes.uuid(b, off + 82));
    }
}

package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.util.Objects;

import btrfs.workbench.metadata.Decoded;

/**
 * {@code struct btrfs_root_ref}: the link of a subvolume into its parent subvolume. The root tree
 * holds it twice, as ROOT_REF (key parent, ROOT_REF, child) and as ROOT_BACKREF (key child,
 * ROOT_BACKREF, parent), so the link can be found from either end.
 *
 * @param dirid    inode number, in the parent subvolume's tree, of the directory holding the link
 * @param sequence the link's index in that directory (the offset of its DIR_INDEX item)
 * @param name     the link's name, the subvolume's last path component
 */
public record RootRef(long dirid, long sequence, String name) {

    /** dirid u64, sequence u64, name_len u16; the name follows. */
    public static final int HEADER_SIZE = 18;

    public RootRef {
        Objects.requireNonNull(name, "name");
    }

    /** Decodes one item; its size must be exactly the header plus name_len, a name 1..255 bytes long. */
    public static Decoded<RootRef> decode(ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        int size = b.remaining();
        if (size < HEADER_SIZE) {
            return Decoded.bad("root ref of " + size + " bytes, shorter than its " + HEADER_SIZE + "-byte header");
        }
        int nameLen = ItemBytes.u16(b, 16);
        if (nameLen == 0 || nameLen > ItemBytes.NAME_LEN) {
            return Decoded.bad("root ref name_len " + nameLen + " is not 1.." + ItemBytes.NAME_LEN);
        }
        if (size != HEADER_SIZE + nameLen) {
            return Decoded.bad("root ref of " + size + " bytes, expected " + (HEADER_SIZE + nameLen)
                    + " for name_len " + nameLen);
        }
        return Decoded.ok(new RootRef(b.getLong(0), b.getLong(8), ItemBytes.name(b, HEADER_SIZE, nameLen)));
    }
}

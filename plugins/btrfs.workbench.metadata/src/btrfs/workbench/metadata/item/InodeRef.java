package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import btrfs.workbench.metadata.Decoded;

/**
 * One entry of an INODE_REF item ({@code struct btrfs_inode_ref}, key inode, INODE_REF, parent
 * directory): a name of the inode in that directory. Hard links of one inode in the same
 * directory are packed as several entries into one item; a directory has exactly one.
 *
 * @param index the link's index in the directory (the offset of its DIR_INDEX item)
 * @param name  the link's name
 */
public record InodeRef(long index, String name) {

    /** index u64, name_len u16; the name follows. */
    public static final int HEADER_SIZE = 10;

    public InodeRef {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Decodes every entry of one item. The entries must fill the item exactly; an item without
     * entries, an entry running past the item's end or a name not 1..255 bytes long is bad.
     */
    public static Decoded<List<InodeRef>> decodeAll(ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        List<InodeRef> refs = new ArrayList<>();
        int off = 0;
        while (off < b.remaining()) {
            Decoded<InodeRef> entry = decodeAt(b, off);
            if (entry instanceof Decoded.Bad<InodeRef> bad) {
                return Decoded.bad(bad.reason());
            }
            InodeRef ref = entry.toOptional().orElseThrow();
            refs.add(ref);
            off += HEADER_SIZE + ItemBytes.u16(b, off + 8);
        }
        if (refs.isEmpty()) {
            return Decoded.bad("inode ref item without entries");
        }
        return Decoded.ok(List.copyOf(refs));
    }

    private static Decoded<InodeRef> decodeAt(ByteBuffer b, int off) {
        int size = b.remaining();
        if (size - off < HEADER_SIZE) {
            return Decoded.bad("inode ref entry at byte " + off + " of " + size + " has no room for its "
                    + HEADER_SIZE + "-byte header");
        }
        int nameLen = ItemBytes.u16(b, off + 8);
        if (nameLen == 0 || nameLen > ItemBytes.NAME_LEN) {
            return Decoded.bad("inode ref entry at byte " + off + ": name_len " + nameLen + " is not 1.."
                    + ItemBytes.NAME_LEN);
        }
        if (size - off - HEADER_SIZE < nameLen) {
            return Decoded.bad("inode ref entry at byte " + off + ": name of " + nameLen + " bytes runs past the "
                    + size + "-byte item");
        }
        return Decoded.ok(new InodeRef(b.getLong(off), ItemBytes.name(b, off + HEADER_SIZE, nameLen)));
    }
}

package btrfs.workbench.metadata.item;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.key.Key;

/**
 * {@code struct btrfs_root_item}: where a tree's root block is and what it
 * looks like. Items written before kernel 3.x end after {@code level}
 * (239 bytes); the fields after it are then 0 and {@link #hasV2Fields()} is false.
 *
 * @param generation   generation of the root block
 * @param rootDirid    objectid of the root directory (256 for subvolumes, 0 for internal trees)
 * @param bytenr       logical address of the root block
 * @param byteLimit    unused
 * @param bytesUsed    bytes of tree blocks in the tree
 * @param lastSnapshot generation of the last snapshot taken of it
 * @param flags        {@link #FLAG_RDONLY}, {@link #FLAG_DEAD}
 * @param refs         0 once the subvolume is deleted
 * @param dropProgress where an interrupted subvolume deletion continues
 * @param dropLevel    level of dropProgress
 * @param level        level of the root block
 * @param generationV2 equals generation when the fields below are valid
 * @param uuid         the subvolume's uuid
 * @param parentUuid   uuid of the snapshot source
 * @param receivedUuid uuid at the sender, for received subvolumes
 * @param ctransid     last change
 * @param otransid     creation
 * @param stransid     send
 * @param rtransid     receive
 */
public record RootItem(
        long generation,
        long rootDirid,
        long bytenr,
        long byteLimit,
        long bytesUsed,
        long lastSnapshot,
        long flags,
        long refs,
        Key dropProgress,
        int dropLevel,
        int level,
        long generationV2,
        UUID uuid,
        UUID parentUuid,
        UUID receivedUuid,
        long ctransid,
        long otransid,
        long stransid,
        long rtransid) {

    /** Size of the oldest root item layout, up to and including {@code level}. */
    public static final int LEGACY_SIZE = 239;
    /** Size of the current layout. */
    public static final int SIZE = 439;

    public static final long FLAG_RDONLY = 1L << 0;
    public static final long FLAG_DEAD = 1L << 48;

    /** The embedded inode item comes first (160 bytes). */
    private static final int OFF_GENERATION = 160;
    private static final UUID NIL = new UUID(0, 0);

    public RootItem {
        Objects.requireNonNull(dropProgress, "dropProgress");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(parentUuid, "parentUuid");
        Objects.requireNonNull(receivedUuid, "receivedUuid");
    }

    public boolean hasV2Fields() {
        return generationV2 == generation;
    }

    public boolean isReadOnly() {
        return (flags & FLAG_RDONLY) != 0;
    }

    public static Decoded<RootItem> decode(ByteBuffer item) {
        ByteBuffer b = ItemBytes.le(item);
        int size = b.remaining();
        if (size < LEGACY_SIZE) {
            return Decoded.bad("root item of " + size + " bytes is shorter than " + LEGACY_SIZE);
        }
        int g = OFF_GENERATION;
        boolean v2 = size >= SIZE;
        return Decoded.ok(new RootItem(b.getLong(g), b.getLong(g + 8), b.getLong(g + 16), b.getLong(g + 24),
                b.getLong(g + 32), b.getLong(g + 40), b.getLong(g + 48), ItemBytes.u32(b, g + 56),
                Key.read(b, g + 60), ItemBytes.u8(b, g + 77), ItemBytes.u8(b, g + 78),
                v2 ? b.getLong(239) : 0,
                v2 ? ItemBytes.uuid(b, 247) : NIL, v2 ? ItemBytes.uuid(b, 263) : NIL,
                v2 ? ItemBytes.uuid(b, 279) : NIL,
                v2 ? b.getLong(295) : 0, v2 ? b.getLong(303) : 0, v2 ? b.getLong(311) : 0,
                v2 ? b.getLong(319) : 0));
    }
}

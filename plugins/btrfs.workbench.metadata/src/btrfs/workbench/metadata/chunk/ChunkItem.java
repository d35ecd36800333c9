package btrfs.workbench.metadata.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import btrfs.workbench.metadata.Decoded;

/**
 * {@code struct btrfs_chunk}: a range of logical addresses and the stripes
 * that hold it. Only instances that passed {@link #decode}'s checks exist, so
 * the mapping arithmetic can rely on them.
 *
 * @param logical    first logical address (the key offset of the CHUNK_ITEM)
 * @param length     size in logical bytes
 * @param owner      the tree owning it (always the extent tree, 2)
 * @param stripeLen  bytes per stripe unit (64 KiB)
 * @param type       type and profile bits, see {@link BlockGroupType} and {@link BlockGroupProfile}
 * @param ioAlign    optimal io alignment
 * @param ioWidth    optimal io width
 * @param sectorSize minimal io size
 * @param subStripes copies within a RAID10 stripe set (2), else 1 (or 0 in old chunks)
 * @param stripes    the stripes, in the order striping uses them
 */
public record ChunkItem(
        long logical,
        long length,
        long owner,
        long stripeLen,
        long type,
        long ioAlign,
        long ioWidth,
        long sectorSize,
        int subStripes,
        List<Stripe> stripes) {

    /** Size of the fixed part before the stripes. */
    public static final int HEADER_SIZE = 48;

    /** The only stripe length the kernel accepts (BTRFS_STRIPE_LEN). */
    public static final long STRIPE_LEN = 64 * 1024;

    /**
     * Chunks are shorter than this (the kernel's btrfs_stripe_nr_to_offset(U32_MAX): stripe
     * numbers are 32 bits). Without the bound a fuzzed length near 2^64 passed every other
     * check, mapped addresses to physical offsets beyond 2^63 and hid every later chunk as an
     * overlap.
     */
    public static final long MAX_LENGTH = STRIPE_LEN * 0xFFFF_FFFFL;

    public ChunkItem {
        stripes = List.copyOf(stripes);
    }

    /** On-disk size of a chunk item with {@code numStripes} stripes. */
    public static int itemSize(int numStripes) {
        return HEADER_SIZE + numStripes * Stripe.SIZE;
    }

    public int numStripes() {
        return stripes.size();
    }

    /** Never empty for a decoded chunk. */
    public BlockGroupProfile profile() {
        return BlockGroupProfile.of(type).orElseThrow();
    }

    /** {@code METADATA|RAID1}, as btrfs-progs prints the type. */
    public String typeString() {
        return BlockGroupType.toString(type);
    }

    /**
     * Whether the chunk holds tree blocks: METADATA (also mixed DATA|METADATA), SYSTEM (the chunk
     * tree) or METADATA_REMAP (the remap tree of newer btrfs-progs).
     */
    public boolean holdsTreeBlocks() {
        return (type & (BlockGroupType.METADATA | BlockGroupType.SYSTEM | BlockGroupType.METADATA_REMAP)) != 0;
    }

    public long end() {
        return logical + length;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, logical) >= 0 && Long.compareUnsigned(address - logical, length) < 0;
    }

    /** How many stripes carry distinct data: the divisor from chunk length to per-device length. */
    public int dataStripes() {
        return switch (profile()) {
            case SINGLE, DUP, RAID1, RAID1C3, RAID1C4 -> 1;
            case RAID0 -> numStripes();
            case RAID10 -> numStripes() / subStripes;
            case RAID5, RAID6 -> numStripes() - profile().parityStripes();
        };
    }

    /** Bytes each stripe occupies on its device (the DEV_EXTENT length). */
    public long stripeLength() {
        return Long.divideUnsigned(length, dataStripes());
    }

    /**
     * Decodes and checks the chunk item in {@code item} (position to limit)
     * whose key offset is {@code logical}. The checks are the kernel's
     * {@code btrfs_check_chunk_valid()}: a chunk failing them would make the
     * mapping arithmetic divide by zero or index past the stripes.
     */
    public static Decoded<ChunkItem> decode(ByteBuffer item, long logical, int sectorsize) {
        ByteBuffer b = item.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < HEADER_SIZE) {
            return Decoded.bad("item of " + b.remaining() + " bytes is shorter than a chunk item ("
                    + itemSize(1) + ")");
        }
        int numStripes = Short.toUnsignedInt(b.getShort(44));
        int subStripes = Short.toUnsignedInt(b.getShort(46));
        if (numStripes == 0) {
            return Decoded.bad("num_stripes is 0");
        }
        if (b.remaining() < itemSize(numStripes)) {
            return Decoded.bad("num_stripes " + numStripes + " needs " + itemSize(numStripes)
                    + " bytes, item has " + b.remaining());
        }
        List<Stripe> stripes = new ArrayList<>(numStripes);
        for (int i = 0; i < numStripes; i++) {
            int off = HEADER_SIZE + i * Stripe.SIZE;
            stripes.add(new Stripe(b.getLong(off), b.getLong(off + 8), uuid(b, off + 16)));
        }
        ChunkItem chunk = new ChunkItem(logical, b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24),
                Integer.toUnsignedLong(b.getInt(32)), Integer.toUnsignedLong(b.getInt(36)),
                Integer.toUnsignedLong(b.getInt(40)), subStripes, stripes);
        String problem = chunk.check(sectorsize);
        return problem == null ? Decoded.ok(chunk) : Decoded.bad(problem);
    }

    private String check(int sectorsize) {
        if (length == 0 || Long.remainderUnsigned(length, sectorsize) != 0) {
            return "length " + Long.toUnsignedString(length) + " is not a positive multiple of the sectorsize";
        }
        if (Long.compareUnsigned(length, MAX_LENGTH) >= 0) {
            return "length " + Long.toUnsignedString(length) + " is not below the limit " + MAX_LENGTH;
        }
        if (Long.remainderUnsigned(logical, sectorsize) != 0) {
            return "logical start is not aligned to the sectorsize " + sectorsize;
        }
        if (Long.compareUnsigned(logical + length, logical) < 0) {
            return "logical range overflows u64";
        }
        if (stripeLen != STRIPE_LEN) {
            return "stripe_len " + Long.toUnsignedString(stripeLen) + " is not " + STRIPE_LEN;
        }
        if (BlockGroupType.unknownBits(type) != 0) {
            return "unknown type bits 0x" + Long.toHexString(BlockGroupType.unknownBits(type));
        }
        if ((type & BlockGroupType.TYPE_MASK) == 0) {
            return "type 0x" + Long.toHexString(type) + " is none of DATA, METADATA, SYSTEM";
        }
        if (BlockGroupProfile.of(type).isEmpty()) {
            return "more than one profile in type " + BlockGroupType.toString(type);
        }
        return checkStripeCount();
    }

    /** Stripe counts each profile needs; RAID10's sub_stripes divides the stripes into mirror pairs. */
    private String checkStripeCount() {
        BlockGroupProfile profile = profile();
        int n = numStripes();
        boolean ok = switch (profile) {
            case SINGLE -> n == 1;
            case DUP, RAID1, RAID1C3, RAID1C4 -> n == profile.copies();
            case RAID0 -> n >= 1;
            case RAID10 -> subStripes == 2 && n >= 2;
            case RAID5, RAID6 -> n >= profile.minStripes();
        };
        if (!ok) {
            return "num_stripes " + n + " / sub_stripes " + subStripes + " impossible for " + profile;
        }
        return null;
    }

    private static UUID uuid(ByteBuffer b, int off) {
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(off), be.getLong(off + 8));
    }

    @Override
    public String toString() {
        return "ChunkItem[" + Long.toUnsignedString(logical) + "+" + Long.toUnsignedString(length) + " "
                + typeString() + " " + stripes.stream().map(s -> s.devid() + ":" + s.offset()).toList() + "]";
    }

    /** Same logical range, type and stripe placement (for comparing sys_chunk_array with the chunk tree). */
    public boolean sameMapping(ChunkItem other) {
        Objects.requireNonNull(other, "other");
        return logical == other.logical && length == other.length && type == other.type
                && stripeLen == other.stripeLen && subStripes == other.subStripes
                && stripes.equals(other.stripes);
    }
}

package btrfs.workbench.readahead;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.NodePointer;

/**
 * A readahead run described by fuzz bytes: the array (devices, one missing perhaps, copies per
 * block group), the tree blocks the reads return (level, generation, pointers — or a failed
 * read), the controls (root, range) and, in the bytes left over, the order in which pending
 * reads complete and when a control is cancelled. Blocks live in 256 slots of 4 KiB; slots of
 * the last block group are unmapped. Short input reads as zeros, so every byte string is a
 * scenario; {@link Encoder} writes real trees in the same layout for the seeds.
 */
final class HookScenario {

    static final int NODESIZE = 4096;
    static final int SLOTS = 256;
    /** Slots per block group; the last group (slots 224..255) is not mapped at all. */
    static final int GROUP_SLOTS = 32;
    static final long BASE = 1 << 20;
    static final int MAX_POINTERS = 8;

    /** What a read of a slot returns. */
    record Block(int level, long generation, boolean fails, List<NodePointer> pointers) {
    }

    /** One btrfs_reada_add: root slot, its generation and level (-1: unknown), the key range. */
    record Control(int rootSlot, long generation, int level, Key start, Key end) {
    }

    final boolean naive;
    final boolean coalesce;
    /** Scrub mode (every copy read; the port only). */
    final boolean scrub;
    final int maxInFlight;
    final int devices;
    final boolean lastMissing;
    final int copies;
    final List<Control> controls = new ArrayList<>();
    final Map<Integer, Block> blocks = new HashMap<>();
    /** Completion order and cancels: consumed one byte per step by the driver. */
    final Bytes schedule;

    private HookScenario(Bytes in) {
        int flags = in.u8();
        naive = (flags & 1) != 0;
        coalesce = (flags & 2) != 0;
        maxInFlight = 1 + (flags >> 2 & 3);
        devices = 1 + (flags >> 4 & 3);
        lastMissing = (flags & 0x40) != 0 && devices > 1;
        scrub = (flags & 0x80) != 0 && !naive;
        copies = 1 + in.u8() % 3;
        int controlCount = 1 + in.u8() % 3;
        for (int i = 0; i < controlCount; i++) {
            controls.add(new Control(in.u8(), in.u8(), level(in.u8()), key(in.u8(), Key.MIN), key(in.u8(), Key.MAX)));
        }
        int blockCount = in.u8();
        for (int i = 0; i < blockCount; i++) {
            int slot = in.u8();
            blocks.putIfAbsent(slot, block(in));
        }
        schedule = in;
    }

    static HookScenario decode(byte[] data) {
        return new HookScenario(new Bytes(data));
    }

    private static Block block(Bytes in) {
        int flags = in.u8();
        long generation = in.u8();
        int n = in.u8() % (MAX_POINTERS + 1);
        List<NodePointer> pointers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int child = in.u8();
            pointers.add(new NodePointer(new Key(in.u8(), 1, 0), logical(child), in.u8()));
        }
        int level = flags & 7;
        return new Block(level, generation, (flags & 8) != 0, level == 0 ? List.of() : pointers);
    }

    /** 0..7, or unknown (the request's -1) for 8 and above. */
    private static int level(int b) {
        return b < 8 ? b : ReadaheadRequest.UNKNOWN_LEVEL;
    }

    /** Key objectid b (type 1), or {@code otherwise} for 0. */
    private static Key key(int b, Key otherwise) {
        return b == 0 ? otherwise : new Key(b, 1, 0);
    }

    static long logical(int slot) {
        return BASE + (long) slot * NODESIZE;
    }

    /** The slot of a logical address, or -1 for one that is not a slot's start. */
    static int slot(long logical) {
        long offset = logical - BASE;
        if (offset < 0 || offset % NODESIZE != 0 || offset / NODESIZE >= SLOTS) {
            return -1;
        }
        return (int) (offset / NODESIZE);
    }

    /** Fuzz bytes, read front to back; zeros once they run out. */
    static final class Bytes {
        private final byte[] data;
        private int pos;

        Bytes(byte[] data) {
            this.data = data;
        }

        int u8() {
            return pos < data.length ? Byte.toUnsignedInt(data[pos++]) : 0;
        }

        boolean exhausted() {
            return pos >= data.length;
        }
    }

    /** Writes a scenario in the decoder's layout (the seeds: shapes of real trees). */
    static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Encoder header(int flags, int copies, List<Control> controls) {
            out.write(flags);
            out.write(copies - 1);
            out.write(controls.size() - 1);
            for (Control c : controls) {
                out.write(c.rootSlot());
                out.write((int) c.generation());
                out.write(c.level() < 0 ? 0xff : c.level());
                out.write((int) c.start().objectid());
                out.write(c.end().equals(Key.MAX) ? 0 : (int) c.end().objectid());
            }
            return this;
        }

        Encoder blocks(Map<Integer, Block> blocks) {
            out.write(blocks.size());
            blocks.forEach((slot, block) -> {
                out.write(slot);
                out.write(block.level() | (block.fails() ? 8 : 0));
                out.write((int) block.generation());
                out.write(block.pointers().size());
                for (NodePointer p : block.pointers()) {
                    out.write(slot(p.blockptr()));
                    out.write((int) p.key().objectid());
                    out.write((int) p.generation());
                }
            });
            return this;
        }

        byte[] bytes(byte[] schedule) {
            out.writeBytes(schedule);
            return out.toByteArray();
        }
    }
}

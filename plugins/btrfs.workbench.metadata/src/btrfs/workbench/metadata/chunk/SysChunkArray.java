package btrfs.workbench.metadata.chunk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;

/**
 * The superblock's {@code sys_chunk_array}: (key, chunk item) pairs for the
 * SYSTEM chunks, enough to read the chunk tree, which lives in them.
 */
public final class SysChunkArray {

    public static final String SOURCE = "sys_chunk_array";

    /**
     * The chunks of the array and, for each entry that cannot be used, a
     * problem. Parsing stops at the first malformed entry, as the kernel's
     * {@code btrfs_read_sys_array()} does: the entries have no length field,
     * so nothing after a bad one can be located.
     */
    public record Parsed(List<ChunkItem> chunks, List<ChunkProblem> problems) {
        public Parsed {
            chunks = List.copyOf(chunks);
            problems = List.copyOf(problems);
        }
    }

    private SysChunkArray() {
    }

    public static Parsed parse(Superblock sb) {
        ByteBuffer array = sb.sysChunkArrayBuffer();
        List<ChunkItem> chunks = new ArrayList<>();
        List<ChunkProblem> problems = new ArrayList<>();
        int pos = 0;
        while (pos < array.limit()) {
            if (array.limit() - pos < Key.SIZE) {
                problems.add(new ChunkProblem(0, SOURCE, "truncated key at byte " + pos));
                break;
            }
            Key key = Key.read(array, pos);
            pos += Key.SIZE;
            if (key.type() != KeyType.CHUNK_ITEM.code()) {
                problems.add(new ChunkProblem(key.offset(), SOURCE, "entry at byte " + (pos - Key.SIZE)
                        + " has key " + key + ", not a CHUNK_ITEM"));
                break;
            }
            ByteBuffer rest = array.duplicate().position(pos);
            Decoded<ChunkItem> decoded = ChunkItem.decode(rest, key.offset(), sb.sectorsize());
            if (decoded instanceof Decoded.Bad<ChunkItem> bad) {
                problems.add(new ChunkProblem(key.offset(), SOURCE, bad.reason()));
                break;
            }
            ChunkItem chunk = decoded.toOptional().orElseThrow();
            if ((chunk.type() & BlockGroupType.SYSTEM) == 0) {
                // The kernel refuses anything but SYSTEM chunks here.
                problems.add(new ChunkProblem(key.offset(), SOURCE, "type " + chunk.typeString()
                        + " is not SYSTEM"));
                break;
            }
            chunks.add(chunk);
            pos += ChunkItem.itemSize(chunk.numStripes());
        }
        return new Parsed(chunks, problems);
    }
}

package btrfs.workbench.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What btrfs-progs printed for a {@link TestArray} ({@code truth/}): chunks.tsv, trees.tsv,
 * blocks-TREEID.txt, subvolumes.txt and the items of dump-tree-chunk.txt, parsed into plain records so tests
 * can compare them with what the workbench reads.
 */
public final class ArrayTruth {

    /** A row of chunks.tsv. */
    public record ChunkRow(long logical, long length, String type, int numStripes, List<StripeRow> stripes) {
    }

    /** devid:physical of a chunks.tsv row. */
    public record StripeRow(long devid, long physical) {
    }

    /** A row of trees.tsv. */
    public record TreeRow(long id, String name, long rootBytenr, int level, int blocks) {
    }

    /**
     * A header line of blocks-TREEID.txt, e.g.
     * {@code node 30457856 level 1 items 12 free space 481 generation 9 owner FS_TREE}.
     */
    public record BlockLine(long bytenr, int level, long items, long freeSpace, long generation, String owner) {

        private static final Pattern LINE = Pattern.compile(
                "(node|leaf) (\\d+) (?:level (\\d+) )?items (\\d+) free space (\\d+) generation (\\d+) owner (\\S+)");

        public static BlockLine parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a dump-tree block header: " + line);
            }
            int level = m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
            return new BlockLine(Long.parseUnsignedLong(m.group(2)), level, Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Long.parseUnsignedLong(m.group(6)), m.group(7));
        }

        /** The line as btrfs-progs prints it. */
        @Override
        public String toString() {
            return (level == 0 ? "leaf " + Long.toUnsignedString(bytenr)
                    : "node " + Long.toUnsignedString(bytenr) + " level " + level) + " items " + items
                    + " free space " + freeSpace + " generation " + Long.toUnsignedString(generation) + " owner "
                    + owner;
        }
    }

    /**
     * A line of subvolumes.txt ({@code btrfs subvolume list -p -u -q} on the top level), e.g.
     * {@code ID 258 gen 13 parent 5 top level 5 parent_uuid 2c15... uuid b648... path vol1-ro};
     * a uuid printed as {@code -} (none) is the nil uuid, as the ROOT_ITEM stores it.
     */
    public record SubvolumeLine(long id, long generation, long parent, long topLevel, UUID parentUuid, UUID uuid,
            String path) {

        private static final Pattern LINE = Pattern.compile(
                "ID (\\d+) gen (\\d+) parent (\\d+) top level (\\d+) parent_uuid (\\S+)\\s+uuid (\\S+) path (.+)");
        private static final UUID NONE = new UUID(0, 0);

        public static SubvolumeLine parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a btrfs subvolume list -p -u -q line: " + line);
            }
            return new SubvolumeLine(Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2)),
                    Long.parseUnsignedLong(m.group(3)), Long.parseUnsignedLong(m.group(4)), uuid(m.group(5)),
                    uuid(m.group(6)), m.group(7));
        }

        private static UUID uuid(String text) {
            return text.equals("-") ? NONE : UUID.fromString(text);
        }

        /** The line as btrfs-progs prints it, but with one space after the parent uuid. */
        @Override
        public String toString() {
            return "ID " + Long.toUnsignedString(id) + " gen " + Long.toUnsignedString(generation) + " parent "
                    + Long.toUnsignedString(parent) + " top level " + Long.toUnsignedString(topLevel)
                    + " parent_uuid " + (parentUuid.equals(NONE) ? "-" : parentUuid) + " uuid "
                    + (uuid.equals(NONE) ? "-" : uuid) + " path " + path;
        }
    }

    /** A CHUNK_ITEM of dump-tree-chunk.txt. */
    public record DumpChunk(long logical, long length, long owner, long stripeLen, String type, long ioAlign,
            long ioWidth, long sectorSize, int numStripes, int subStripes, List<DumpStripe> stripes) {
    }

    public record DumpStripe(long devid, long offset, UUID devUuid) {
    }

    /** A DEV_ITEM of dump-tree-chunk.txt. */
    public record DumpDevItem(long devid, long totalBytes, long bytesUsed, long ioAlign, long ioWidth,
            long sectorSize, long type, long generation, long startOffset, long devGroup, int seekSpeed,
            int bandwidth, UUID uuid, UUID fsid) {
    }

    private static final Pattern ITEM = Pattern.compile("^\\titem \\d+ key \\((\\S+) (\\S+) (\\d+)\\)");

    private final Path dir;

    private ArrayTruth(Path dir) {
        this.dir = dir;
    }

    public static ArrayTruth of(TestArray array) {
        return new ArrayTruth(array.dir().resolve("truth"));
    }

    public List<ChunkRow> chunks() {
        List<ChunkRow> rows = new ArrayList<>();
        for (String[] cells : tsv("chunks.tsv")) {
            List<StripeRow> stripes = new ArrayList<>();
            for (String stripe : cells[4].split(",")) {
                String[] parts = stripe.split(":");
                stripes.add(new StripeRow(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1])));
            }
            rows.add(new ChunkRow(Long.parseUnsignedLong(cells[0]), Long.parseUnsignedLong(cells[1]), cells[2],
                    Integer.parseInt(cells[3]), List.copyOf(stripes)));
        }
        return rows;
    }

    public List<TreeRow> trees() {
        return tsv("trees.tsv").stream().map(c -> new TreeRow(Long.parseUnsignedLong(c[0]), c[1],
                Long.parseUnsignedLong(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4]))).toList();
    }

    /** The header lines of tree {@code treeId}, in the order btrfs-progs printed them (breadth-first). */
    public List<BlockLine> blocks(long treeId) {
        return lines("blocks-" + Long.toUnsignedString(treeId) + ".txt").stream().map(BlockLine::parse).toList();
    }

    /** Whether the array has subvolumes.txt (arrays generated before it was added have not). */
    public boolean hasSubvolumes() {
        return Files.isRegularFile(dir.resolve("subvolumes.txt"));
    }

    /** The lines of subvolumes.txt in the order btrfs-progs printed them (by id). */
    public List<SubvolumeLine> subvolumes() {
        return lines("subvolumes.txt").stream().filter(l -> !l.isBlank()).map(SubvolumeLine::parse).toList();
    }

    public List<DumpChunk> dumpChunks() {
        List<DumpChunk> chunks = new ArrayList<>();
        for (Map.Entry<String[], List<String>> item : chunkTreeItems()) {
            if (item.getKey()[1].equals("CHUNK_ITEM")) {
                chunks.add(dumpChunk(Long.parseUnsignedLong(item.getKey()[2]), item.getValue()));
            }
        }
        return chunks;
    }

    public List<DumpDevItem> dumpDevItems() {
        List<DumpDevItem> items = new ArrayList<>();
        for (Map.Entry<String[], List<String>> item : chunkTreeItems()) {
            if (item.getKey()[1].equals("DEV_ITEM")) {
                items.add(dumpDevItem(item.getValue()));
            }
        }
        return items;
    }

    private static DumpChunk dumpChunk(long logical, List<String> tokens) {
        Map<String, String> v = pairs(tokens);
        List<DumpStripe> stripes = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals("stripe")) {
                // stripe N devid D offset O dev_uuid U
                stripes.add(new DumpStripe(Long.parseUnsignedLong(tokens.get(i + 3)),
                        Long.parseUnsignedLong(tokens.get(i + 5)), UUID.fromString(tokens.get(i + 7))));
            }
        }
        return new DumpChunk(logical, u64(v, "length"), u64(v, "owner"), u64(v, "stripe_len"), v.get("type"),
                u64(v, "io_align"), u64(v, "io_width"), u64(v, "sector_size"), (int) u64(v, "num_stripes"),
                (int) u64(v, "sub_stripes"), List.copyOf(stripes));
    }

    private static DumpDevItem dumpDevItem(List<String> tokens) {
        Map<String, String> v = pairs(tokens);
        return new DumpDevItem(u64(v, "devid"), u64(v, "total_bytes"), u64(v, "bytes_used"), u64(v, "io_align"),
                u64(v, "io_width"), u64(v, "sector_size"), u64(v, "type"), u64(v, "generation"),
                u64(v, "start_offset"), u64(v, "dev_group"), (int) u64(v, "seek_speed"), (int) u64(v, "bandwidth"),
                UUID.fromString(v.get("uuid")), UUID.fromString(v.get("fsid")));
    }

    /** "name value" pairs of an item's lines; for repeated names (per stripe) the first wins. */
    private static Map<String, String> pairs(List<String> tokens) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < tokens.size(); i += 2) {
            values.putIfAbsent(tokens.get(i), tokens.get(i + 1));
        }
        return values;
    }

    private static long u64(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("dump-tree-chunk item has no " + name + ": " + values);
        }
        return Long.parseUnsignedLong(value);
    }

    /** (key objectid, type, offset) of every item with the whitespace-separated tokens of its body. */
    private List<Map.Entry<String[], List<String>>> chunkTreeItems() {
        List<Map.Entry<String[], List<String>>> items = new ArrayList<>();
        List<String> body = null;
        for (String line : lines("dump-tree-chunk.txt")) {
            Matcher m = ITEM.matcher(line);
            if (m.find()) {
                body = new ArrayList<>();
                items.add(Map.entry(new String[] { m.group(1), m.group(2), m.group(3) }, body));
            } else if (line.startsWith("\t\t") && body != null) {
                for (String token : line.strip().split("\\s+")) {
                    body.add(token);
                }
            } else {
                body = null;
            }
        }
        return items;
    }

    private List<String[]> tsv(String name) {
        List<String> lines = lines(name);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
    }

    private List<String> lines(String name) {
        try {
            return Files.readAllLines(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
        }
    }
}

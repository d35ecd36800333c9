package btrfs.workbench.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code key<TAB>value} lines of
 * {@code btrfs inspect-internal dump-super -f}, with the flag name lists that
 * follow the flag words, and the first sys_chunk_array item key.
 */
public final class DumpSuper {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, List<String>> flagNames = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private String firstChunkKey;

    public static DumpSuper parse(String text) {
        DumpSuper dump = new DumpSuper();
        String lastKey = null;
        boolean inSysArray = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("sys_chunk_array[")) {
                inSysArray = true;
            } else if (line.startsWith("backup_roots[")) {
                break;
            } else if (inSysArray) {
                dump.noteChunkKey(line);
            } else if (line.startsWith("\t")) {
                dump.flagNames.computeIfAbsent(lastKey, k -> new ArrayList<>()).addAll(flagWords(line));
            } else if (line.indexOf('\t') > 0) {
                int tab = line.indexOf('\t');
                lastKey = line.substring(0, tab);
                dump.values.put(lastKey, line.substring(tab).strip());
            }
        }
        return dump;
    }

    private void noteChunkKey(String line) {
        String marker = "item 0 key (";
        int at = line.indexOf(marker);
        if (at >= 0 && firstChunkKey == null) {
            firstChunkKey = line.substring(at + marker.length(), line.indexOf(')', at));
        }
    }

    /** "( FREE_SPACE_TREE |" or "  FREE_SPACE_TREE_VALID )" to names. */
    private static List<String> flagWords(String line) {
        List<String> words = new ArrayList<>();
        for (String word : line.replace('(', ' ').replace(')', ' ').replace('|', ' ').strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value text, without a trailing "[match]" marker. */
    public String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new AssertionError("dump-super has no line '" + key + "'");
        }
        used.add(key);
        return value.replace("[match]", "").strip();
    }

    public boolean matched(String key) {
        return values.get(key).endsWith("[match]");
    }

    /** A decimal u64. */
    public long u64(String key) {
        return Long.parseUnsignedLong(text(key));
    }

    /** A 0x-prefixed hex u64. */
    public long hex(String key) {
        String value = text(key);
        if (!value.startsWith("0x")) {
            throw new AssertionError(key + " is not hex: " + value);
        }
        return Long.parseUnsignedLong(value.substring(2), 16);
    }

    /** Names listed under a flag word; empty when the word is 0. */
    public List<String> flagNames(String key) {
        return flagNames.getOrDefault(key, List.of());
    }

    /** "FIRST_CHUNK_TREE CHUNK_ITEM 22020096" */
    public String firstChunkKey() {
        return firstChunkKey;
    }

    /** Keys of the dump that no comparison has read yet. */
    public Set<String> unusedKeys() {
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        unused.removeAll(used);
        return unused;
    }
}

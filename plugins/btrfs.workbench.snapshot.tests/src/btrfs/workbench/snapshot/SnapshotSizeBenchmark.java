package btrfs.workbench.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.testsupport.TestArrays;

/**
 * Harness benchmark of issue 8 (not a test: run with {@code -Dbtrfs.workbench.bench=true}): a
 * synthetic run with 1 000 000 queued extents ({@link SyntheticRun}) saved and opened with
 * {@link SnapshotFiles}, next to two baselines measured in the same run: the queues' numbers
 * written raw (8-byte longs, the floor for any encoding), and Jackson's default mapping of the
 * records, one JSON object per extent read through a tree (schema 1's encoding and reader).
 * Prints medians, ratios and bytes, writes them to target/snapshot-benchmark.txt, and fails
 * when the bounds (save &lt; 3 s, file &lt; 100 MB, open &lt; 5 s) do not hold.
 */
class SnapshotSizeBenchmark {

    private static final int EXTENTS = 1_000_000;
    private static final int ROUNDS = 3;
    private static final double SAVE_SECONDS = 3, OPEN_SECONDS = 5;
    private static final long MAX_BYTES = 100_000_000;

    private interface Writer {
        void write(DiagnosticSnapshot snapshot, Path file) throws IOException;
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    /** One way of putting the state in a file and getting it back. */
    private record Codec(String name, String file, Writer writer, Reader reader) {
    }

    private record Measured(String name, double saveSeconds, double openSeconds, long bytes) {
    }

    @Test
    void aMillionQueuedExtentsSaveAndOpenWithinBounds() throws Exception {
        assumeTrue(Boolean.getBoolean("btrfs.workbench.bench"), "benchmark: run with -Dbtrfs.workbench.bench=true");
        DiagnosticSnapshot state = SyntheticRun.of(EXTENTS, 8);
        Path dir = Files.createDirectories(TestArrays.workDir().resolve("snapshot-benchmark"));
        ObjectPerExtent v1 = new ObjectPerExtent();
        List<Codec> codecs = List.of(new Codec("raw longs, queues only", "queues.raw", RawQueues::write, RawQueues::read),
                new Codec("object per extent (schema 1)", "object-per-extent.json", v1::write, v1::read),
                new Codec("SnapshotFiles .json", "snapshot.json", SnapshotFiles::write, SnapshotFiles::read),
                new Codec("SnapshotFiles .json.gz", "snapshot.json.gz", SnapshotFiles::write, SnapshotFiles::read));
        List<Measured> results = measure(state, dir, codecs);
        assertEquals(state, SnapshotFiles.read(dir.resolve("snapshot.json.gz")), "what was timed is a whole, correct load");
        String report = report(results);
        System.out.print(report);
        Files.writeString(TestArrays.workDir().resolve("snapshot-benchmark.txt"), report);
        for (Measured m : results.subList(2, 4)) {
            assertTrue(m.saveSeconds() < SAVE_SECONDS && m.openSeconds() < OPEN_SECONDS && m.bytes() < MAX_BYTES,
                    m + " is outside the bounds");
        }
    }

    /** A warm-up round, then {@link #ROUNDS} rounds with the codecs interleaved; medians. */
    private static List<Measured> measure(DiagnosticSnapshot state, Path dir, List<Codec> codecs) throws IOException {
        Map<Codec, List<Double>> saves = new LinkedHashMap<>();
        Map<Codec, List<Double>> opens = new LinkedHashMap<>();
        for (int round = 0; round <= ROUNDS; round++) {
            for (Codec codec : codecs) {
                Path file = dir.resolve(codec.file());
                double save = seconds(() -> codec.writer().write(state, file));
                double open = seconds(() -> codec.reader().read(file));
                if (round > 0) {
                    saves.computeIfAbsent(codec, k -> new ArrayList<>()).add(save);
                    opens.computeIfAbsent(codec, k -> new ArrayList<>()).add(open);
                }
            }
        }
        List<Measured> results = new ArrayList<>();
        for (Codec c : codecs) {
            results.add(new Measured(c.name(), median(saves.get(c)), median(opens.get(c)), Files.size(dir.resolve(c.file()))));
        }
        return results;
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Wall time of {@code step}, after a GC so that one step does not pay for another's garbage. */
    private static double seconds(Step step) throws IOException {
        System.gc();
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The table: absolute numbers, then each codec against the raw floor and against schema 1. */
    private static String report(List<Measured> results) {
        Measured raw = results.get(0);
        Measured v1 = results.get(1);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "snapshot benchmark: %,d queued extents on %d devices, medians of %d rounds after a warm-up%n"
                        + "%-30s %7s %7s %12s | %8s %8s %8s | %8s %8s %8s%n",
                EXTENTS, SyntheticRun.DEVICES, ROUNDS, "encoding", "save s", "open s", "bytes", "save/raw",
                "open/raw", "size/raw", "save/v1", "open/v1", "size/v1"));
        for (Measured m : results) {
            out.append(String.format(Locale.ROOT, "%-30s %7.3f %7.3f %,12d | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f%n",
                    m.name(), m.saveSeconds(), m.openSeconds(), m.bytes(), m.saveSeconds() / raw.saveSeconds(),
                    m.openSeconds() / raw.openSeconds(), (double) m.bytes() / raw.bytes(),
                    m.saveSeconds() / v1.saveSeconds(), m.openSeconds() / v1.openSeconds(),
                    (double) m.bytes() / v1.bytes()));
        }
        out.append(String.format(Locale.ROOT, "bounds: save < %.0f s, file < %,d bytes, open < %.0f s%n",
                SAVE_SECONDS, MAX_BYTES, OPEN_SECONDS));
        return out.toString();
    }

    /** Jackson's default mapping of the records (what schema 1 was), read as schema 1 was: tree, then bind. */
    private static final class ObjectPerExtent {
        private final ObjectMapper mapper = new ObjectMapper();

        void write(DiagnosticSnapshot snapshot, Path file) throws IOException {
            mapper.writeValue(file.toFile(), snapshot);
        }

        Object read(Path file) throws IOException {
            JsonNode tree = mapper.readTree(file.toFile());
            return mapper.treeToValue(tree, DiagnosticSnapshot.class);
        }
    }

    /** Every queued extent's six numbers as longs: no names, no text, nothing but the queues. */
    private static final class RawQueues {
        private static final ExtentStatus[] STATUSES = ExtentStatus.values();

        static void write(DiagnosticSnapshot snapshot, Path file) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                out.writeInt(snapshot.queues().size());
                for (Map.Entry<Long, List<ExtentSnapshot>> queue : snapshot.queues().entrySet()) {
                    out.writeLong(queue.getKey());
                    out.writeInt(queue.getValue().size());
                    for (ExtentSnapshot e : queue.getValue()) {
                        out.writeLong(e.logical());
                        out.writeLong(e.physical());
                        out.writeLong(e.status().ordinal());
                        out.writeLong(e.readBy());
                        out.writeLong(e.records());
                        out.writeLong(e.generation());
                    }
                }
            }
        }

        static Object read(Path file) throws IOException {
            Map<Long, List<ExtentSnapshot>> queues = new LinkedHashMap<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (int devices = in.readInt(); devices > 0; devices--) {
                    long devid = in.readLong();
                    int n = in.readInt();
                    List<ExtentSnapshot> queue = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        queue.add(new ExtentSnapshot(in.readLong(), in.readLong(), STATUSES[(int) in.readLong()],
                                in.readLong(), (int) in.readLong(), in.readLong()));
                    }
                    queues.put(devid, queue);
                }
            }
            return queues;
        }
    }
}

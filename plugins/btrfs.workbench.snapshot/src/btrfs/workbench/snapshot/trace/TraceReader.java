package btrfs.workbench.snapshot.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.SkipReason;

/**
 * Reads a {@link TraceFormat trace} back into engine events, e.g. to check or replay a run.
 * A line that is not a valid event is an {@link IOException} naming the line number.
 */
public final class TraceReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceReader() {
    }

    /** The events of the trace {@code file}, its header left out. */
    public static List<ReadaheadEvent> read(Path file) throws IOException {
        List<ReadaheadEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank() && !(number == 1 && isHeader(line))) {
                    events.add(parseLine(file, number, line));
                }
            }
        }
        return events;
    }

    /** The header of the trace {@code file}; empty for a trace written before headers were. */
    public static Optional<TraceHeader> header(Path file) throws IOException {
        String first;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            first = in.readLine();
        }
        if (first == null || !isHeader(first)) {
            return Optional.empty();
        }
        JsonNode n = MAPPER.readTree(first);
        return Optional.of(new TraceHeader(n.path(TraceFormat.ENGINE).asText(), n.path(TraceFormat.STRATEGY).asText(),
                n.path(TraceFormat.MAX_IN_FLIGHT).asInt()));
    }

    private static boolean isHeader(String line) {
        return line.startsWith("{\"" + TraceFormat.TRACE + "\":");
    }

    private static ReadaheadEvent parseLine(Path file, int number, String line) throws IOException {
        try {
            return event(MAPPER.readTree(line));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + " line " + number + ": not a readahead event: " + e.getMessage(), e);
        }
    }

    /** One event from its JSON object (a line with {@code "ev"}). */
    public static ReadaheadEvent event(JsonNode n) {
        long seq = num(n, TraceFormat.SEQ);
        long t = num(n, TraceFormat.T);
        String ev = n.path(TraceFormat.EV).asText();
        return switch (ev) {
            case "pick" -> new ReadaheadEvent.Pick(seq, t, num(n, TraceFormat.DEV), num(n, TraceFormat.ZONE_START),
                    num(n, TraceFormat.ZONE_END), num(n, TraceFormat.ELEMS), bool(n, TraceFormat.LOCKED), zones(n));
            case "submit" -> submit(n, seq, t);
            case "complete" -> new ReadaheadEvent.Complete(seq, t, num(n, TraceFormat.DEV),
                    num(n, TraceFormat.LOGICAL), bool(n, TraceFormat.OK), (int) num(n, TraceFormat.LEVEL),
                    num(n, TraceFormat.GENERATION), n.hasNonNull(TraceFormat.ERROR) ? n.get(TraceFormat.ERROR).asText() : null,
                    n.path(TraceFormat.STREAMED).asBoolean(false));
            case "enqueue" -> new ReadaheadEvent.Enqueue(seq, t, num(n, TraceFormat.LOGICAL),
                    num(n, TraceFormat.CONTROL), num(n, TraceFormat.GENERATION));
            case "skip" -> new ReadaheadEvent.Skip(seq, t, num(n, TraceFormat.LOGICAL), num(n, TraceFormat.CONTROL),
                    reason(n.path(TraceFormat.REASON).asText()));
            case "finish" -> new ReadaheadEvent.Finish(seq, t, num(n, TraceFormat.CONTROL),
                    bool(n, TraceFormat.CANCELLED), num(n, TraceFormat.BLOCKS), num(n, TraceFormat.ERRORS),
                    num(n, TraceFormat.GENERATION_SKIPS));
            case "bad_copy" -> new ReadaheadEvent.BadCopy(seq, t, num(n, TraceFormat.LOGICAL), num(n, TraceFormat.DEV),
                    num(n, TraceFormat.PHYSICAL), n.path(TraceFormat.REASON).asText());
            case "stream_read" -> new ReadaheadEvent.StreamRead(seq, t, num(n, TraceFormat.DEV),
                    num(n, TraceFormat.PHYSICAL), num(n, TraceFormat.BYTES), num(n, TraceFormat.ISSUED),
                    num(n, TraceFormat.ANSWERED));
            default -> throw new IllegalArgumentException("unknown \"ev\": \"" + ev + "\"");
        };
    }

    /** The zones a pick saw; older traces have none (their choice cannot be checked). */
    private static List<ReadaheadEvent.ZoneState> zones(JsonNode n) {
        List<ReadaheadEvent.ZoneState> zones = new ArrayList<>();
        for (JsonNode z : n.path(TraceFormat.ZONES)) {
            if (z.size() != 3 || !z.get(0).isIntegralNumber() || !z.get(1).isIntegralNumber() || !z.get(2).isBoolean()) {
                throw new IllegalArgumentException("field \"zones\" holds " + z + ", not [start, elems, locked]");
            }
            JsonNode start = z.get(0);
            zones.add(new ReadaheadEvent.ZoneState(start.isBigInteger() ? start.bigIntegerValue().longValue()
                    : start.longValue(), z.get(1).longValue(), z.get(2).booleanValue()));
        }
        return zones;
    }

    private static ReadaheadEvent.Submit submit(JsonNode n, long seq, long t) {
        long dev = num(n, TraceFormat.DEV);
        return new ReadaheadEvent.Submit(seq, t, dev, num(n, TraceFormat.LOGICAL),
                n.has(TraceFormat.COPY_DEV) ? num(n, TraceFormat.COPY_DEV) : dev, num(n, TraceFormat.PHYSICAL),
                (int) num(n, TraceFormat.IN_FLIGHT),
                n.has(TraceFormat.READ) ? num(n, TraceFormat.READ) : seq); // older traces: a read per block
    }

    /** A u64 field (numbers above 2^63 come back as the negative longs Java keeps them in). */
    private static long num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field \"" + field + "\" missing or not an integer");
        }
        return v.isBigInteger() ? v.bigIntegerValue().longValue() : v.longValue();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("field \"" + field + "\" missing or not a boolean");
        }
        return v.booleanValue();
    }

    private static SkipReason reason(String label) {
        for (SkipReason r : SkipReason.values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown skip reason \"" + label + "\"");
    }
}

package btrfs.workbench.snapshot.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    public static List<ReadaheadEvent> read(Path file) throws IOException {
        List<ReadaheadEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    events.add(parseLine(file, number, line));
                }
            }
        }
        return events;
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
                    num(n, TraceFormat.ZONE_END), num(n, TraceFormat.ELEMS), bool(n, TraceFormat.LOCKED),
                    (int) num(n, TraceFormat.UNLOCKED_ALTERNATIVES));
            case "submit" -> new ReadaheadEvent.Submit(seq, t, num(n, TraceFormat.DEV), num(n, TraceFormat.LOGICAL),
                    num(n, TraceFormat.PHYSICAL), (int) num(n, TraceFormat.IN_FLIGHT),
                    n.has(TraceFormat.READ) ? num(n, TraceFormat.READ) : seq); // older traces: a read per block
            case "complete" -> new ReadaheadEvent.Complete(seq, t, num(n, TraceFormat.DEV),
                    num(n, TraceFormat.LOGICAL), bool(n, TraceFormat.OK), (int) num(n, TraceFormat.LEVEL),
                    num(n, TraceFormat.GENERATION), n.hasNonNull(TraceFormat.ERROR) ? n.get(TraceFormat.ERROR).asText() : null);
            case "enqueue" -> new ReadaheadEvent.Enqueue(seq, t, num(n, TraceFormat.LOGICAL),
                    num(n, TraceFormat.CONTROL), num(n, TraceFormat.GENERATION));
            case "skip" -> new ReadaheadEvent.Skip(seq, t, num(n, TraceFormat.LOGICAL), num(n, TraceFormat.CONTROL),
                    reason(n.path(TraceFormat.REASON).asText()));
            case "finish" -> new ReadaheadEvent.Finish(seq, t, num(n, TraceFormat.CONTROL),
                    bool(n, TraceFormat.CANCELLED), num(n, TraceFormat.BLOCKS), num(n, TraceFormat.ERRORS),
                    num(n, TraceFormat.GENERATION_SKIPS));
            case "bad_copy" -> new ReadaheadEvent.BadCopy(seq, t, num(n, TraceFormat.LOGICAL), num(n, TraceFormat.DEV),
                    num(n, TraceFormat.PHYSICAL), n.path(TraceFormat.REASON).asText());
            default -> throw new IllegalArgumentException("unknown \"ev\": \"" + ev + "\"");
        };
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

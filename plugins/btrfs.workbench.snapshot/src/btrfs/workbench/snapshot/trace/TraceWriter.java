package btrfs.workbench.snapshot.trace;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.BadCopy;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Finish;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.StreamRead;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.ReadaheadListener;

/**
 * Writes the engine's event stream as JSON lines ({@code readahead --trace FILE}), one object per
 * event with {@code "ev"} naming it and snake_case fields; see {@link TraceFormat}. Streams with
 * Jackson's generator, so a long run costs no memory. The first write error is kept and rethrown
 * by {@link #close()}: a listener must not throw into the engine.
 */
public final class TraceWriter implements ReadaheadListener, Closeable {

    /** Plain events are written field by field; the mapper serves {@link #writeRecord} only. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OutputStream stream;
    private final JsonGenerator json;
    private IOException failure;

    private TraceWriter(OutputStream stream) throws IOException {
        this.stream = stream;
        this.json = MAPPER.createGenerator(stream, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
        // A line goes to the stream's buffer, not through to the file or pipe: a write call per
        // event would cost more than the event. The stream is flushed when full, by flush() and
        // on close.
        json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** A writer to {@code file}, created or truncated. */
    public static TraceWriter to(Path file) throws IOException {
        return new TraceWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** A writer to {@code stream} (closed with the writer). */
    public static TraceWriter to(OutputStream stream) throws IOException {
        return new TraceWriter(stream);
    }

    @Override
    public synchronized void onEvent(ReadaheadEvent event) {
        line(() -> write(event));
    }

    /** Writes the trace's header: call it first, before the engine's first event. */
    public synchronized void header(TraceHeader header) {
        line(() -> {
            json.writeStartObject();
            json.writeNumberField(TraceFormat.TRACE, TraceFormat.VERSION);
            json.writeStringField(TraceFormat.ENGINE, header.engine());
            json.writeStringField(TraceFormat.STRATEGY, header.strategy());
            json.writeNumberField(TraceFormat.MAX_IN_FLIGHT, header.maxInFlight());
            json.writeEndObject();
        });
    }

    /**
     * Writes one more line that is not an event: {@code value} as Jackson serializes it (a
     * recording's header and frames, see {@code btrfs.workbench.snapshot.record}). Its lines
     * interleave with the events in the order the calls were made.
     */
    public synchronized void writeRecord(Object value) {
        line(() -> json.writeObject(value));
    }

    /**
     * Hands what was written so far on to the stream's reader (a recording streamed to stdout is
     * flushed once a frame); a failure is kept like a write's.
     */
    public synchronized void flush() {
        if (failure != null) {
            return;
        }
        try {
            stream.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** True once a write failed (a closed pipe: the reader went away); nothing more is written. */
    public synchronized boolean failed() {
        return failure != null;
    }

    /** One line; after the first failure nothing more is written. */
    private void line(LineWrite write) {
        if (failure != null) {
            return;
        }
        try {
            write.run();
            json.flush(); // into the stream's buffer only (see the constructor)
            stream.write('\n');
        } catch (IOException e) {
            failure = e;
        }
    }

    private interface LineWrite {
        void run() throws IOException;
    }

    private void write(ReadaheadEvent event) throws IOException {
        json.writeStartObject();
        json.writeStringField(TraceFormat.EV, event.type());
        json.writeNumberField(TraceFormat.SEQ, event.seq());
        json.writeNumberField(TraceFormat.T, event.t());
        switch (event) {
            case Pick p -> {
                u64(TraceFormat.DEV, p.dev());
                u64(TraceFormat.ZONE_START, p.zoneStart());
                u64(TraceFormat.ZONE_END, p.zoneEnd());
                json.writeNumberField(TraceFormat.ELEMS, p.elems());
                json.writeBooleanField(TraceFormat.LOCKED, p.locked());
                json.writeNumberField(TraceFormat.UNLOCKED_ALTERNATIVES, p.unlockedAlternatives());
                json.writeArrayFieldStart(TraceFormat.ZONES);
                for (ReadaheadEvent.ZoneState z : p.zones()) {
                    json.writeStartArray();
                    json.writeNumber(Long.toUnsignedString(z.start()));
                    json.writeNumber(z.elems());
                    json.writeBoolean(z.locked());
                    json.writeEndArray();
                }
                json.writeEndArray();
            }
            case Submit s -> {
                u64(TraceFormat.DEV, s.dev());
                u64(TraceFormat.LOGICAL, s.logical());
                if (s.copyDev() != s.dev()) {
                    u64(TraceFormat.COPY_DEV, s.copyDev());
                }
                u64(TraceFormat.PHYSICAL, s.physical());
                json.writeNumberField(TraceFormat.IN_FLIGHT, s.inFlight());
                json.writeNumberField(TraceFormat.READ, s.read());
            }
            case Complete c -> {
                u64(TraceFormat.DEV, c.dev());
                u64(TraceFormat.LOGICAL, c.logical());
                json.writeBooleanField(TraceFormat.OK, c.ok());
                json.writeNumberField(TraceFormat.LEVEL, c.level());
                u64(TraceFormat.GENERATION, c.generation());
                if (c.error() != null) {
                    json.writeStringField(TraceFormat.ERROR, c.error());
                }
                if (c.streamed()) {
                    json.writeBooleanField(TraceFormat.STREAMED, true);
                }
            }
            case Enqueue q -> {
                u64(TraceFormat.LOGICAL, q.logical());
                json.writeNumberField(TraceFormat.CONTROL, q.control());
                u64(TraceFormat.GENERATION, q.generation());
            }
            case Skip s -> {
                u64(TraceFormat.LOGICAL, s.logical());
                json.writeNumberField(TraceFormat.CONTROL, s.control());
                json.writeStringField(TraceFormat.REASON, s.reason().label());
            }
            case BadCopy b -> {
                u64(TraceFormat.LOGICAL, b.logical());
                u64(TraceFormat.DEV, b.dev());
                u64(TraceFormat.PHYSICAL, b.physical());
                json.writeStringField(TraceFormat.REASON, b.reason());
            }
            case StreamRead r -> {
                u64(TraceFormat.DEV, r.dev());
                u64(TraceFormat.PHYSICAL, r.physical());
                json.writeNumberField(TraceFormat.BYTES, r.bytes());
                json.writeNumberField(TraceFormat.ISSUED, r.issued());
                json.writeNumberField(TraceFormat.ANSWERED, r.answered());
            }
            case Finish f -> {
                json.writeNumberField(TraceFormat.CONTROL, f.control());
                json.writeBooleanField(TraceFormat.CANCELLED, f.cancelled());
                json.writeNumberField(TraceFormat.BLOCKS, f.blocks());
                json.writeNumberField(TraceFormat.ERRORS, f.errors());
                json.writeNumberField(TraceFormat.GENERATION_SKIPS, f.generationSkips());
            }
        }
        json.writeEndObject();
    }

    /** On-disk u64s above 2^63 are written as the positive numbers they are. */
    private void u64(String field, long value) throws IOException {
        json.writeFieldName(field);
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            json.writeNumber(Long.toUnsignedString(value));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            json.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new IOException("writing the trace failed: " + failure.getMessage(), failure);
        }
    }
}

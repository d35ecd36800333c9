package btrfs.workbench.snapshot;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;

/**
 * A list of extents as columns (schema 2): {@code {"logical":[..],"physical":[..],"status":"QQS..",
 * "readBy":[..],"records":[..],"generation":[..]}}, entry {@code i} of every column belonging
 * to extent {@code i}. A queue of a million extents is then a few arrays of bare numbers instead
 * of a million objects repeating six names: less than half the bytes, and read by streaming
 * without a tree. Schema 1 files hold one object per extent and are still read.
 */
final class ExtentColumns {

    /** Deserialization attribute: the schema version of the file being read. */
    static final String SCHEMA_VERSION = "btrfs.workbench.snapshot.schemaVersion";

    /** The status letters, for messages. */
    private static final String LETTERS = "QSDF";

    private ExtentColumns() {
    }

    /**
     * One letter per {@link ExtentStatus}, spelled out here (not the ordinal or name) so that
     * renaming or reordering the constants cannot change files; a new one fails to compile here.
     */
    private static char letter(ExtentStatus status) {
        return switch (status) {
            case QUEUED -> 'Q';
            case SCHEDULED -> 'S';
            case DONE -> 'D';
            case FAILED -> 'F';
        };
    }

    /** The status of a letter, null for none. */
    private static ExtentStatus status(char letter) {
        return switch (letter) {
            case 'Q' -> ExtentStatus.QUEUED;
            case 'S' -> ExtentStatus.SCHEDULED;
            case 'D' -> ExtentStatus.DONE;
            case 'F' -> ExtentStatus.FAILED;
            default -> null;
        };
    }

    /** Writes a list of extents as columns. */
    static final class Writer extends StdSerializer<List<ExtentSnapshot>> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(List.class, false);
        }

        @Override
        public void serialize(List<ExtentSnapshot> extents, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            column(gen, "logical", extents, ExtentSnapshot::logical);
            column(gen, "physical", extents, ExtentSnapshot::physical);
            gen.writeStringField("status", statusLetters(extents));
            column(gen, "readBy", extents, ExtentSnapshot::readBy);
            column(gen, "records", extents, ExtentSnapshot::records);
            column(gen, "generation", extents, ExtentSnapshot::generation);
            gen.writeEndObject();
        }

        private static void column(JsonGenerator gen, String name, List<ExtentSnapshot> extents,
                ToLongFunction<ExtentSnapshot> field) throws IOException {
            gen.writeArrayFieldStart(name);
            for (ExtentSnapshot e : extents) {
                gen.writeNumber(field.applyAsLong(e));
            }
            gen.writeEndArray();
        }

        private static String statusLetters(List<ExtentSnapshot> extents) {
            char[] letters = new char[extents.size()];
            for (int i = 0; i < letters.length; i++) {
                letters[i] = letter(extents.get(i).status());
            }
            return new String(letters);
        }
    }

    /**
     * Reads a list of extents in the shape of the file's schema version (see
     * {@link #SCHEMA_VERSION}): columns, or for schema 1 an array of objects.
     */
    static final class Reader extends StdDeserializer<List<ExtentSnapshot>> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(List.class);
        }

        @Override
        public List<ExtentSnapshot> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (Integer.valueOf(1).equals(ctxt.getAttribute(SCHEMA_VERSION))) {
                return Collections.unmodifiableList(Arrays.asList(ctxt.readValue(p, ExtentSnapshot[].class)));
            }
            if (!p.isExpectedStartObjectToken()) {
                return ctxt.reportInputMismatch(this, "extents must be an object of columns, not %s",
                        p.currentToken());
            }
            Columns columns = new Columns();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                columns.read(name, p, ctxt);
            }
            return columns.extents(ctxt);
        }
    }

    /** The columns as read, checked and joined into extents at the end. */
    private static final class Columns {
        private long[] logical, physical, readBy, records, generation;
        private String statuses;

        void read(String name, JsonParser p, DeserializationContext ctxt) throws IOException {
            switch (name) {
                case "logical" -> logical = longs(p, ctxt);
                case "physical" -> physical = longs(p, ctxt);
                case "readBy" -> readBy = longs(p, ctxt);
                case "records" -> records = longs(p, ctxt);
                case "generation" -> generation = longs(p, ctxt);
                case "status" -> statuses = letters(p, ctxt);
                default -> p.skipChildren(); // a newer writer's extra column of the same schema
            }
        }

        List<ExtentSnapshot> extents(DeserializationContext ctxt) throws IOException {
            if (logical == null || physical == null || statuses == null || readBy == null || records == null
                    || generation == null) {
                return ctxt.reportInputMismatch(ExtentSnapshot.class,
                        "extent columns logical, physical, status, readBy, records, generation: one is missing");
            }
            int n = logical.length;
            if (physical.length != n || statuses.length() != n || readBy.length != n || records.length != n
                    || generation.length != n) {
                return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent columns of different lengths");
            }
            ExtentSnapshot[] extents = new ExtentSnapshot[n];
            for (int i = 0; i < n; i++) {
                extents[i] = new ExtentSnapshot(logical[i], physical[i], status(statuses.charAt(i)),
                        readBy[i], intRecords(records[i], ctxt), generation[i]);
            }
            return Collections.unmodifiableList(Arrays.asList(extents));
        }

        private static int intRecords(long n, DeserializationContext ctxt) throws IOException {
            if (n < 0 || n > Integer.MAX_VALUE) {
                return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent records %d out of range", n);
            }
            return (int) n;
        }

        private static String letters(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent status must be a string of %s",
                        LETTERS);
            }
            String s = p.getText();
            for (int i = 0; i < s.length(); i++) {
                if (status(s.charAt(i)) == null) {
                    return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent status '%c' is none of %s",
                            s.charAt(i), LETTERS);
                }
            }
            return s;
        }

        /** An array of integers (each within a Java long: u64 beyond it are written negative). */
        private static long[] longs(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent column must be an array of integers");
            }
            long[] values = new long[1024];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    return ctxt.reportInputMismatch(ExtentSnapshot.class, "extent column holds %s, not an integer", t);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = p.getLongValue();
            }
            return Arrays.copyOf(values, n);
        }
    }
}

package btrfs.workbench.snapshot.record;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotException;

/**
 * A recording read back ({@link Recorder} wrote it): its header, its events, and the state of any
 * of its frames, rebuilt from the key frame before it. Stepping forward frame by frame costs one
 * difference per step.
 * <p>
 * A recording cut short (the recording program was killed) is read up to its last whole line and
 * says so in {@link #truncated()}; one without a header or frame is an error.
 */
public final class Recording {

    /** The header line holds the chunk map: generous for thousands of block groups. */
    private static final int HEADER_PEEK = 4 << 20;

    private final RecordingHeader header;
    private final List<FrameDelta> frames;
    private final List<ReadaheadEvent> events;
    private final boolean truncated;
    private int cachedIndex = -1;
    private DiagnosticSnapshot cached;

    private Recording(RecordingHeader header, List<FrameDelta> frames, List<ReadaheadEvent> events,
            boolean truncated) {
        this.header = header;
        this.frames = List.copyOf(frames);
        this.events = List.copyOf(events);
        this.truncated = truncated;
    }

    /**
     * Reads a recording.
     *
     * @throws SnapshotException with a message for the user: not a recording, corrupt, or written
     *                           by a newer version
     */
    public static Recording read(Path file) throws IOException {
        Reader reader = new Reader(file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reader.line(line);
            }
        } catch (EOFException | ZipException e) {
            reader.truncated = true; // cut short mid-line: keep the whole lines before
        }
        return reader.finish();
    }

    /**
     * True if {@code file} is a regular file starting with a recording's header line (gzip'ed or
     * plain). Reads at most the first {@value #HEADER_PEEK} bytes: a device or a big image named
     * on the command line costs nothing.
     */
    public static boolean isRecording(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = open(file)) {
            byte[] head = in.readNBytes(HEADER_PEEK);
            int end = 0;
            while (end < head.length && head[end] != '\n') {
                end++;
            }
            return end < head.length
                    && RecordingHeader.REC.equals(RecordLines.MAPPER.readTree(head, 0, end).path("rec").asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    public RecordingHeader header() {
        return header;
    }

    public int frameCount() {
        return frames.size();
    }

    /** Engine time (nanoseconds since the engine started) of frame {@code index}. */
    public long frameTime(int index) {
        return frames.get(index).engine().t();
    }

    /** The index of the last frame taken at or before engine time {@code t} (0 if none). */
    public int frameAt(long t) {
        int lo = 0;
        int hi = frames.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (frameTime(mid) <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Every event of the run, in the engine's order. */
    public List<ReadaheadEvent> events() {
        return events;
    }

    /** True if the file ended in the middle of a line: the run's end is missing. */
    public boolean truncated() {
        return truncated;
    }

    /** The run's state at frame {@code index}, as a snapshot with the header's array. */
    public synchronized DiagnosticSnapshot state(int index) {
        if (index < 0 || index >= frames.size()) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames.size());
        }
        int from = lastKeyAtOrBefore(index);
        if (cached != null && cachedIndex <= index && cachedIndex >= from) {
            from = cachedIndex + 1; // go on from the frame we have
        } else {
            cached = null;
        }
        for (int i = from; i <= index; i++) {
            cached = FrameCodec.apply(header, cached, frames.get(i));
            cachedIndex = i;
        }
        return cached;
    }

    /** The state the run ended with. */
    public DiagnosticSnapshot last() {
        return state(frames.size() - 1);
    }

    private int lastKeyAtOrBefore(int index) {
        for (int i = index; i > 0; i--) {
            if (frames.get(i).key()) {
                return i;
            }
        }
        return 0;
    }

    /** Gathers a file's lines: header first, then events and frames in any mix. */
    private static final class Reader implements RecordLines.Sink {
        private final RecordLines lines;
        private final List<FrameDelta> frames = new ArrayList<>();
        private final List<ReadaheadEvent> events = new ArrayList<>();
        private boolean truncated;

        Reader(Path file) {
            this.lines = new RecordLines(file.toString());
        }

        void line(String line) throws SnapshotException {
            lines.line(line, this);
        }

        @Override
        public void event(ReadaheadEvent event) {
            events.add(event);
        }

        @Override
        public void frame(FrameDelta frame) {
            frames.add(frame);
        }

        Recording finish() throws SnapshotException {
            String file = lines.source();
            if (lines.header() == null) {
                throw new SnapshotException(file + ": empty, not a btrfs-workbench recording");
            }
            if (frames.isEmpty() || !frames.get(0).key()) {
                throw new SnapshotException(file + ": recording without " + (frames.isEmpty() ? "any frame" : "a first key frame")
                        + (truncated ? " (cut short)" : ""));
            }
            return new Recording(lines.header(), frames, events, truncated);
        }
    }
}

package btrfs.workbench.snapshot.record;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.snapshot.DiagnosticSnapshot;
import btrfs.workbench.snapshot.SnapshotException;

/**
 * A recording read as it arrives ({@code readahead --record -} on another machine, its lines
 * coming over SSH): each frame line gives the run's state at once, rebuilt from the one before.
 * Events are counted, not kept: the frames carry everything the views show. Not thread-safe:
 * one reader thread feeds it.
 */
public final class RecordingStream implements RecordLines.Sink {

    private final RecordLines lines;
    private DiagnosticSnapshot state;
    private long events;
    private int frames;

    /** @param source how errors name the stream, e.g. "root@nas: readahead" */
    public RecordingStream(String source) {
        this.lines = new RecordLines(source);
    }

    /**
     * Reads the next line.
     *
     * @return the run's state if the line was a frame, else null
     * @throws SnapshotException when the line is not a recording's (not JSON, no header first, a
     *                           format newer than this version reads, a corrupt frame)
     */
    public DiagnosticSnapshot accept(String line) throws SnapshotException {
        int before = frames;
        lines.line(line, this);
        return frames == before ? null : state;
    }

    /** The header, once its line arrived; else null. */
    public RecordingHeader header() {
        return lines.header();
    }

    /** The newest state, or null before the first frame. */
    public DiagnosticSnapshot state() {
        return state;
    }

    public int frames() {
        return frames;
    }

    public long events() {
        return events;
    }

    @Override
    public void event(ReadaheadEvent event) {
        events++;
    }

    @Override
    public void frame(FrameDelta frame) throws SnapshotException {
        if (state == null && !frame.key()) {
            throw lines.corrupt(new IllegalArgumentException("the first frame is not a key frame"));
        }
        try {
            state = FrameCodec.apply(lines.header(), state, frame);
        } catch (RuntimeException e) {
            throw lines.corrupt(e);
        }
        frames++;
    }
}

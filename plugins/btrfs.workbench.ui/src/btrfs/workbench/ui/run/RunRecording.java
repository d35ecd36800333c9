package btrfs.workbench.ui.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import btrfs.workbench.readahead.ReadaheadControl;
import btrfs.workbench.readahead.ReadaheadEngine;
import btrfs.workbench.snapshot.ArrayState;
import btrfs.workbench.snapshot.Snapshots;
import btrfs.workbench.snapshot.record.Recorder;

/**
 * A GUI run recorded as {@code readahead --record FILE} records one: every engine event and a
 * frame of the views' state ten times a second, written while the run goes, for the Replay view.
 * The engine is the array's shared one, so runs launched beside this one on the same array are in
 * the recording too — as they were on screen.
 */
final class RunRecording {

    private final Path file;
    private final ReadaheadEngine engine;
    private final Recorder recorder;

    private RunRecording(Path file, ReadaheadEngine engine, Recorder recorder) {
        this.file = file;
        this.engine = engine;
        this.recorder = recorder;
    }

    /**
     * Starts recording before the run's controls are added, so that their first enqueues are in it.
     *
     * @param controls the run's controls once added (none before)
     * @throws IOException with a message for the user when the file cannot be written
     */
    static RunRecording start(Path file, ArraySession session, Supplier<List<ReadaheadControl>> controls)
            throws IOException {
        ReadaheadEngine engine = session.engine().engine();
        Recorder recorder;
        try {
            recorder = Recorder.start(file, LiveRun.toolVersion(), ArrayState.of(session.filesystem()),
                    () -> Snapshots.runState(engine, controls.get(), session.throughput().snapshot(),
                            session.heat().snapshot()),
                    Recorder.DEFAULT_INTERVAL);
        } catch (IOException e) {
            throw new IOException("cannot write the recording " + file + ": " + e.getMessage(), e);
        }
        engine.addListener(recorder);
        return new RunRecording(file, engine, recorder);
    }

    Path file() {
        return file;
    }

    /** After the run: the final frame is written and the file completed. */
    void finish() throws IOException {
        engine.removeListener(recorder);
        recorder.close();
    }
}

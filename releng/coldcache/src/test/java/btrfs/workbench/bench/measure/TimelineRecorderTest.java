package btrfs.workbench.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.bench.report.Timeline;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.StreamRead;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;

/**
 * Reads from submits and completions: a coalesced read is one, from its first submit to its last
 * completion; a zone stream read is one, from its issue to its answer.
 */
class TimelineRecorderTest {

    @Test
    void aReadSpansItsBlocksFromFirstSubmitToLastCompletion() {
        TimelineRecorder r = new TimelineRecorder(16384);
        r.onEvent(new Submit(1, 1_000, 1, 4096, 1, 4096, 1, 1));
        r.onEvent(new Submit(2, 1_000, 1, 20480, 1, 20480, 1, 1)); // joins read 1
        r.onEvent(new Submit(3, 2_000, 2, 90000, 2, 90000, 1, 3));
        r.onEvent(new Complete(4, 4_000, 2, 90000, true, 0, 7, null));
        r.onEvent(new Complete(5, 5_000, 1, 4096, true, 0, 7, null));
        r.onEvent(new Complete(6, 6_000, 1, 20480, true, 1, 7, null));
        List<Timeline.Lane> lanes = r.lanes();
        assertEquals(List.of(new Timeline.Lane(1, List.of(new Timeline.Read(1e-6, 6e-6, 2 * 16384, 1))),
                new Timeline.Lane(2, List.of(new Timeline.Read(2e-6, 4e-6, 16384, 0)))), lanes);
        assertEquals(5e-6, lanes.get(0).busySeconds(), 1e-12);
    }

    @Test
    void aStreamReadIsOneReadOfAllItsBytesFromIssueToAnswer() {
        TimelineRecorder r = new TimelineRecorder(16384);
        r.onEvent(new StreamRead(1, 9_000, 2, 1 << 20, 1 << 20, 3_000, 8_000));
        r.onEvent(new Complete(2, 9_500, 2, 4096, true, 0, 7, null, true)); // served: no read of its own
        assertEquals(List.of(new Timeline.Lane(2, List.of(new Timeline.Read(3e-6, 8e-6, 1 << 20,
                Timeline.Read.STREAM)))), r.lanes());
        assertTrue(r.lanes().get(0).reads().get(0).streamed());
    }

    @Test
    void aReadNotCompletedIsLeftOut() {
        TimelineRecorder r = new TimelineRecorder(4096);
        r.onEvent(new Submit(1, 1_000, 1, 4096, 1, 4096, 1, 1));
        assertEquals(List.of(), r.lanes());
    }
}

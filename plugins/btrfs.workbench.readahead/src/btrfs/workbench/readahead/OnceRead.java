package btrfs.workbench.readahead;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Issues one asynchronous read for either strategy. The outcome runs exactly once: a target that
 * calls back twice is ignored the second time, and a read() that throws counts as a failed read
 * (the kernel's end_io runs once per bio; a user-space target gives no such guarantee).
 */
final class OnceRead {

    /** Where the block, or why there is none, goes. */
    interface Outcome {
        void done(ReadBlock block, String error);
    }

    private OnceRead() {
    }

    static void issue(ReadaheadTarget target, StripeCopy copy, long logical, Outcome outcome) {
        ReadCallback done = once(outcome);
        try {
            target.read(copy, logical, done);
        } catch (RuntimeException e) {
            done.failed("read threw " + e);
        }
    }

    /** One coalesced read of a span of blocks; {@code outcome.get(i)} hears of block i once. */
    static void issueRun(ReadaheadTarget target, List<StripeCopy> copies, List<Long> logicals, List<Outcome> outcomes) {
        if (copies.size() == 1) {
            issue(target, copies.get(0), logicals.get(0), outcomes.get(0));
            return;
        }
        issueSpan(target::readSpan, copies, logicals, outcomes);
    }

    /** One read of the zone stream, {@link ReadaheadTarget#streamSpan}; each outcome once. */
    static void issueStream(ReadaheadTarget target, List<StripeCopy> copies, List<Long> logicals,
            List<Outcome> outcomes) {
        issueSpan(target::streamSpan, copies, logicals, outcomes);
    }

    /** How a span is read: {@link ReadaheadTarget#readSpan} or {@link ReadaheadTarget#streamSpan}. */
    private interface SpanRead {
        void read(List<StripeCopy> copies, List<Long> logicals, List<ReadCallback> done);
    }

    private static void issueSpan(SpanRead how, List<StripeCopy> copies, List<Long> logicals, List<Outcome> outcomes) {
        List<ReadCallback> done = outcomes.stream().map(OnceRead::once).toList();
        try {
            how.read(copies, logicals, done);
        } catch (RuntimeException e) {
            done.forEach(d -> d.failed("read threw " + e)); // those already told ignore it
        }
    }

    private static ReadCallback once(Outcome outcome) {
        return new ReadCallback() {
            private final AtomicBoolean once = new AtomicBoolean();

            @Override
            public void completed(ReadBlock block) {
                if (block == null) {
                    failed("the target completed the read without a block");
                } else if (once.compareAndSet(false, true)) {
                    outcome.done(block, null);
                }
            }

            @Override
            public void failed(String reason) {
                if (once.compareAndSet(false, true)) {
                    outcome.done(null, reason == null ? "read failed" : reason);
                }
            }
        };
    }
}

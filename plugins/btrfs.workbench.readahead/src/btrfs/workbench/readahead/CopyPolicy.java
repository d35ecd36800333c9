package btrfs.workbench.readahead;

import java.util.List;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.readahead.state.BadCopy;

/**
 * What the machine does with the copies of an extent: which device reads it when, and what a
 * completed read of one copy means for the controls waiting. The defaults are v4.19's: one copy
 * read, the branch cut at a bad one ({@link CutBranch}); beyond it, the workbench fails over to the next copy
 * ({@link Failover}) or reads and compares every copy ({@link Scrub}). Every method runs with the
 * engine lock held.
 */
interface CopyPolicy {

    /** The policy a config asks for. */
    static CopyPolicy of(ReadaheadConfig config) {
        if (config.scrub()) {
            return new Scrub();
        }
        return config.failover() ? new Failover() : new CutBranch();
    }

    /** A new extent, queued in the zones of its copies. */
    default void created(Extent re) {
    }

    /** Whether {@code dev} should read {@code re} now: someone waits for it and no read of it is in flight. */
    default boolean needsRead(Extent re, Dev dev) {
        return !re.extctl.isEmpty() && !re.scheduled;
    }

    /** {@code dev} issues a read of {@code copy} of {@code re} (kernel: re->scheduled = 1). */
    default void scheduled(Extent re, StripeCopy copy, Dev dev) {
        re.scheduled = true;
        re.scheduledFor = dev;
    }

    /**
     * The read of {@code copy} completed ({@code block} null: it failed to read or validate, for
     * {@code error}). Serves the records that are done with and returns them, for the hook to
     * release; children wanted go to {@code out}; {@code holds} gets a control for each element
     * taken to keep it alive until its children are added. A good copy serves every record, a
     * bad one is recorded and then {@link #failed}.
     */
    default List<ExtCtl> completed(ReadaMachine m, Extent re, StripeCopy copy, ReadBlock block, String error, Dev dev,
            Expansions.Found out, List<ControlImpl> holds) {
        if (block != null) {
            return serveAll(m, re, block, dev, out);
        }
        badCopy(m, re, copy, error);
        return failed(m, re, copy, error);
    }

    /**
     * {@code copy} of {@code re} was bad (recorded already): the records done with, for release.
     * v4.19: the branch is cut.
     */
    default List<ExtCtl> failed(ReadaMachine m, Extent re, StripeCopy copy, String error) {
        return cut(m, re, copy, re.checks.cutReason(error));
    }

    /** After the hook released the records: the read's own hold on the extent, if the policy took one. */
    default void released(ReadaMachine m, Extent re) {
    }

    /**
     * The branch below {@code re} is cut: every record waiting gets the error (kernel: "cut this
     * part of the tree"); returns them for release.
     */
    static List<ExtCtl> cut(ReadaMachine m, Extent re, StripeCopy copy, String reason) {
        List<ExtCtl> list = m.takeRecords(re);
        for (ExtCtl rec : list) {
            rec.rc().error(re.logical, copy.devid(), reason);
        }
        return list;
    }

    /** A good copy serves every record waiting: "just take the full list from the extent". */
    static List<ExtCtl> serveAll(ReadaMachine m, Extent re, ReadBlock block, Dev dev, Expansions.Found out) {
        List<ExtCtl> list = m.takeRecords(re);
        m.serve(re, list, block, dev, out);
        return list;
    }

    /** Records a bad copy: on the extent, on every control waiting for it, as an event. */
    static void badCopy(ReadaMachine m, Extent re, StripeCopy copy, String reason) {
        BadCopy bad = new BadCopy(re.logical, copy.devid(), copy.physical(), reason);
        re.checks().bad.add(bad);
        for (ExtCtl rec : re.extctl) {
            rec.rc().badCopy(bad);
        }
        if (m.tracing()) {
            m.emit(new ReadaheadEvent.BadCopy(m.nextSeq(), m.now(), re.logical, copy.devid(), copy.physical(),
                    reason));
        }
    }
}

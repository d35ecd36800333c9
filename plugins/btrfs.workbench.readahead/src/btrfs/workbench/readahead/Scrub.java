package btrfs.workbench.readahead;

import java.util.List;

import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Deviation (beyond v4.19, {@code --scrub}): every copy of every block is read, each by its own
 * device in its own ascending sweep, and good copies whose bytes differ are bad copies too. The
 * records get the first good copy's children (each control descends once); the extent stays
 * until its last copy was read, then leaves every map, so that a control coming later scrubs it
 * afresh.
 */
final class Scrub implements CopyPolicy {

    @Override
    public void created(Extent re) {
        re.checks = CopyChecks.scrub(re.zones.length);
    }

    /**
     * A device reads its own copies whatever the others do — a read on one device does not take
     * the extent away from the others — but never two copies of one extent at once (DUP): it reads
     * its second copy on a later sweep of the zone, so that both sweeps go in ascending order.
     */
    @Override
    public boolean needsRead(Extent re, Dev dev) {
        return !re.extctl.isEmpty() && re.pendingOn(dev) >= 0 && re.readsOn(dev) == 0;
    }

    /** Several devices may read one extent at once: each read keeps it alive. */
    @Override
    public void scheduled(Extent re, StripeCopy copy, Dev dev) {
        CopyPolicy.super.scheduled(re, copy, dev);
        re.checks.state[re.indexOf(copy)] = CopyChecks.READING;
        re.refcnt++;
    }

    /**
     * One copy was read. A bad one is recorded; the records not yet served get the first good
     * copy's children; when the last copy was read, the good copies are compared, the records are
     * released (with an error if no copy was good) and the extent leaves every map. Each control
     * served gets one more element ({@code holds}), released only after its children were added:
     * its records may be released meanwhile by another copy's completion on another device, and
     * the control must not finish in between.
     */
    @Override
    public List<ExtCtl> completed(ReadaMachine m, Extent re, StripeCopy copy, ReadBlock block, String error, Dev dev,
            Expansions.Found out, List<ControlImpl> holds) {
        CopyChecks c = re.checks;
        int i = re.indexOf(copy);
        if (block == null) {
            c.state[i] = CopyChecks.BAD;
            CopyPolicy.badCopy(m, re, copy, error);
        } else {
            c.goodCopy(i, block);
        }
        m.leaveZone(re, re.zones[i]);
        if (c.good != null && c.served < re.extctl.size()) {
            List<ExtCtl> waiting = List.copyOf(re.extctl.subList(c.served, re.extctl.size()));
            for (ExtCtl rec : waiting) {
                rec.rc().elems++;
                holds.add(rec.rc());
            }
            m.serve(re, waiting, c.good, dev, out);
            c.served = re.extctl.size();
        }
        scheduledState(re);
        if (!c.allDone()) {
            return List.of();
        }
        compareCopies(m, re);
        m.unhash(re);
        int served = c.served;
        List<ExtCtl> list = m.takeRecords(re);
        c.served = 0;
        for (ExtCtl rec : list.subList(served, list.size())) {
            rec.rc().error(re.logical, copy.devid(), c.cutReason(error)); // no good copy
        }
        return list;
    }

    @Override
    public void released(ReadaMachine m, Extent re) {
        m.readaExtentPut(re); // the ref this read held
    }

    /** Scheduled while any copy is in flight, scheduledFor one of their devices. */
    private static void scheduledState(Extent re) {
        re.scheduled = false;
        re.scheduledFor = null;
        for (int i = 0; i < re.zones.length; i++) {
            if (re.checks.state[i] == CopyChecks.READING) {
                re.scheduled = true;
                re.scheduledFor = re.zones[i].device;
            }
        }
    }

    /**
     * Every copy read: a good copy whose bytes differ from the reference copy is bad. The reference
     * is the first good copy with the generation the first record expects (a stale copy, e.g. of a
     * device that missed writes, is then the odd one), else the first good copy.
     */
    private static void compareCopies(ReadaMachine m, Extent re) {
        CopyChecks c = re.checks;
        int ref = -1;
        for (int i = 0; i < re.zones.length; i++) {
            if (c.state[i] == CopyChecks.GOOD && (ref < 0 || !re.extctl.isEmpty()
                    && c.generations[ref] != re.extctl.get(0).generation()
                    && c.generations[i] == re.extctl.get(0).generation())) {
                ref = i;
            }
        }
        if (ref < 0 || c.fingerprints[ref] == ReadBlock.NO_FINGERPRINT) {
            return;
        }
        for (int i = 0; i < re.zones.length; i++) {
            if (i != ref && c.state[i] == CopyChecks.GOOD && c.fingerprints[i] != c.fingerprints[ref]) {
                c.state[i] = CopyChecks.BAD;
                StripeCopy other = new StripeCopy(re.zones[i].device.devid, re.physicals[i]);
                CopyPolicy.badCopy(m, re, other, differs(re, ref, i));
            }
        }
    }

    private static String differs(Extent re, int ref, int i) {
        CopyChecks c = re.checks;
        String why = "bytes differ from the copy on devid " + Long.toUnsignedString(re.zones[ref].device.devid)
                + " at " + Long.toUnsignedString(re.physicals[ref]);
        return c.generations[i] == c.generations[ref] ? why
                : why + " (generation " + c.generations[i] + ", that copy's " + c.generations[ref] + ")";
    }
}

package btrfs.workbench.readahead;

import java.util.List;

import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Deviation (beyond v4.19, the default): a copy that fails to read or validate is dropped and the
 * block is read from its next copy, as the kernel's normal read path does; the branch is cut only
 * when no copy is left, or only cancelled controls wait.
 * <p>
 * Why the retry goes through the queues rather than straight to the other device: the extent is
 * already queued on every device that holds a copy (reada_find_extent adds it to each mirror's
 * map); dropping the bad copy is all it takes for another device to read it in its own ascending
 * sweep. A read sent straight to the other device would jump its queue, break its sequential
 * order and its in-flight bound — the two things the machine exists for — to win a little latency
 * on a rare event. The control keeps its element meanwhile, so it cannot finish before the block
 * was read or given up.
 */
final class Failover implements CopyPolicy {

    @Override
    public List<ExtCtl> failed(ReadaMachine m, Extent re, StripeCopy copy, String error) {
        dropCopy(m, re, re.indexOf(copy));
        if (re.zones.length > 0 && waitedFor(re)) {
            re.scheduled = false;
            re.scheduledFor = null;
            return List.of();
        }
        // no copy left, or only cancelled controls wait: the extent leaves every map at once,
        // and a control coming later reads the block afresh with an extent of its own
        m.unhash(re);
        return CopyPolicy.super.failed(m, re, copy, error); // as v4.19: cut
    }

    /** The bad copy {@code i} is dropped, so that no device reads it again. */
    private static void dropCopy(ReadaMachine m, Extent re, int i) {
        Zone zone = re.zones[i];
        Zone[] zones = new Zone[re.zones.length - 1];
        long[] physicals = new long[zones.length];
        for (int from = 0, to = 0; from < re.zones.length; from++) {
            if (from != i) {
                zones[to] = re.zones[from];
                physicals[to++] = re.physicals[from];
            }
        }
        re.zones = zones;
        re.physicals = physicals;
        m.leaveZone(re, zone);
    }

    /** Whether a control that was not cancelled waits for the extent. */
    private static boolean waitedFor(Extent re) {
        for (ExtCtl rec : re.extctl) {
            if (!rec.rc().cancelled) {
                return true;
            }
        }
        return false;
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.Iterator;

/**
 * Not in v4.19, whose controls run to their end: a cancelled control's records leave the extents
 * not in flight at once; the hooks of those in flight release theirs and add nothing.
 */
final class Cancel {

    private Cancel() {
    }

    static void cancel(ReadaMachine m, ControlImpl rc) {
        boolean schedule;
        m.lock.lock();
        try {
            if (!m.markCancelledLocked(rc)) {
                return;
            }
            schedule = m.kickLocked(); // lets devices drop curr_zones that become empty
            for (Extent re : new ArrayList<>(m.readaTree.values())) {
                if (!re.scheduled) {
                    dropRecords(m, re, rc);
                }
            }
            for (int i = m.stream == null ? 0 : m.stream.dropWaiters(rc); i > 0; i--) {
                m.elemPutLocked(rc); // a child waiting for the zone stream
            }
        } finally {
            m.lock.unlock();
        }
        m.publish();
        m.scheduleIf(schedule);
    }

    /** The control's records leave the extent; each puts its element and its reference. Lock held. */
    private static void dropRecords(ReadaMachine m, Extent re, ControlImpl rc) {
        int dropped = 0;
        int position = 0;
        int served = re.checks == null ? 0 : re.checks.served;
        for (Iterator<ExtCtl> it = re.extctl.iterator(); it.hasNext(); position++) {
            if (it.next().rc() == rc) {
                it.remove();
                dropped++;
                if (position < served) {
                    re.checks.served--; // scrub: a served record left the front of the list
                }
            }
        }
        for (int i = 0; i < dropped; i++) {
            m.elemPutLocked(rc);
            m.readaExtentPut(re);
        }
    }
}

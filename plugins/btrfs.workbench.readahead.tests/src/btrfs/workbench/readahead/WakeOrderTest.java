package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadListener;

/**
 * A waiter wakes only once every listener has had its control's Finish event. Reads complete on
 * several threads and the listener is slow, so one thread is often still delivering earlier
 * events when another finishes the control: what the listener knows when {@code waitFor}
 * returns must include the end (the GUI freezes a run's last frame then).
 */
class WakeOrderTest {

    @Test
    void aWaiterWakesAfterTheListenersHadItsFinish() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            SimArray a = new SimArray(seed, Profile.RAID1, 4, 4, 64, Harness.IO);
            SimArray.Tree t = a.addTree("t", 2, 3, 6, 0, 0);
            Set<Long> heard = ConcurrentHashMap.newKeySet();
            ReadaheadListener slow = e -> {
                if (e instanceof ReadaheadEvent.Finish f) {
                    heard.add(f.control());
                } else {
                    LockSupport.parkNanos(20_000);
                }
            };
            try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
                engine.addListener(slow);
                ReadaheadControl rc = engine.add(ReadaheadRequest.wholeTree(t.name(), t.root(), t.rootGeneration()));
                assertTrue(rc.waitFor(Harness.WAIT), "seed " + seed + ": finished");
                assertTrue(heard.contains(rc.id()), "seed " + seed + ": woken before the listener had the Finish");
            }
        }
    }
}

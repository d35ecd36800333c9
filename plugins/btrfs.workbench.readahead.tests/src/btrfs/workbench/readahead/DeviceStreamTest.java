package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.ZoneStream.DeviceStream;
import btrfs.workbench.readahead.ZoneStream.SlotCopies;
import btrfs.workbench.readahead.ZoneStream.SpanRead;
import btrfs.workbench.readahead.spi.Device;

/**
 * A device's share of the zone stream handing slots to a helping peer: which slots it gives, and
 * that its own reads then go around them.
 */
class DeviceStreamTest {

    private static final int NODESIZE = 16384;
    private static final int PER_READ = ZoneStream.READ_BYTES / NODESIZE;
    /** Run A (slots 0-199): a block group whose other copy is on the helper. */
    private static final long A_LOGICAL = 1L << 30;
    private static final long A_ON_OWNER = 10L << 20;
    private static final long A_ON_HELPER = 70L << 20;
    /** Run B (slots 200-399), after A on the owner: its other copy is on a third device. */
    private static final long B_LOGICAL = 3L << 30;
    private static final int SLOTS = 400;

    private static final Dev OWNER = new Dev(Device.present(1));
    private static final Dev HELPER = new Dev(Device.present(2));

    /** Where the helper holds a copy: run A's slots only. */
    private static final SlotCopies COPIES = (dev, logical) -> dev == HELPER && logical >= A_LOGICAL
            && logical < A_LOGICAL + 200L * NODESIZE ? A_ON_HELPER + (logical - A_LOGICAL) : -1;

    private static DeviceStream owner() {
        long[] physicals = new long[SLOTS];
        long[] logicals = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            physicals[i] = A_ON_OWNER + (long) i * NODESIZE;
            logicals[i] = i < 200 ? A_LOGICAL + (long) i * NODESIZE : B_LOGICAL + (long) (i - 200) * NODESIZE;
        }
        return new DeviceStream(OWNER, physicals, logicals, NODESIZE);
    }

    private static DeviceStream helper() {
        return new DeviceStream(HELPER, new long[0], new long[0], NODESIZE);
    }

    /**
     * The owner's tail (run B) has no copy on the helper: the helper gets the last read's worth of
     * run A instead, from its own copy, back to back there.
     */
    @Test
    void aHelperGetsTheLastSlotsItHoldsACopyOfNotOnlyTheTail() {
        DeviceStream owner = owner();
        SpanRead read = owner.give(helper(), COPIES);
        assertNotNull(read, "run A lies before the owner's tail");
        assertEquals(200 - PER_READ, read.from);
        assertEquals(200, read.to);
        assertEquals(HELPER, read.reader.dev);
        for (int slot = read.from; slot < read.to; slot++) {
            assertEquals(A_ON_HELPER + (long) slot * NODESIZE, read.physical(slot));
        }
        assertTrue(owner.isGiven(read.from) && owner.isGiven(read.to - 1));
        assertFalse(owner.isGiven(read.from - 1) || owner.isGiven(read.to));
    }

    /** The owner's reads stop short of a given run and go on after it; what is left counts neither. */
    @Test
    void theOwnerReadsAroundTheSlotsItGave() {
        DeviceStream owner = owner();
        SpanRead given = owner.give(helper(), COPIES);
        List<SpanRead> reads = owner.nextReads(true, false);
        assertEquals(List.of("0-64", "64-128", "128-136", "200-264"), reads.stream().map(r -> r.from + "-" + r.to)
                .toList());
        reads.forEach(r -> assertTrue(r.to <= given.from || r.from >= given.to));
        assertEquals(SLOTS - 264, owner.unissued());
    }

    /** The owner keeps its next read's worth; the helper takes what lies before its earlier take. */
    @Test
    void helpersTakeRunAfterRunBackToTheOwnersNextRead() {
        DeviceStream owner = owner();
        DeviceStream helper = helper();
        SpanRead first = owner.give(helper, COPIES);
        SpanRead second = owner.give(helper, COPIES);
        assertEquals(first.from - PER_READ, second.from);
        assertEquals(first.from, second.to);
        SpanRead third = owner.give(helper, COPIES);
        assertEquals(PER_READ, third.from, "the owner's next read stays its own");
        assertEquals(second.from, third.to);
        assertNull(owner.give(helper, COPIES), "what is left of run A is the owner's next read");
    }
}

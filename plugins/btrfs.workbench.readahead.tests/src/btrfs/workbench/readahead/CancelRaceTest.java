package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import btrfs.workbench.readahead.SimArray.Profile;
import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * Controls cancelled and added again over blocks whose copies fail, with failover on: every
 * control finishes and the engine drains to empty. The extent of a failed block whose only
 * waiters were cancelled must leave every device map together with the global tree — a control
 * adding the block in between would otherwise get an extent some devices never queue, and wait
 * for them forever.
 */
class CancelRaceTest {

    /** Interleavings of the randomized test: a short run in CI, {@code -Dbtrfs.workbench.stress=long} for 10 000. */
    private static final int INTERLEAVINGS = "long".equals(System.getProperty("btrfs.workbench.stress")) ? 10_000 : 300;

    /** Longer than the 100 ms re-kick of a waiting control: a lost kick alone does not fail the test. */
    private static final Duration FINISH = Duration.ofSeconds(5);

    private static ReadaheadRequest subtree(SimArray a, long logical) {
        return ReadaheadRequest.wholeTree("at " + logical, logical, a.block(logical).generation());
    }

    /**
     * The window, made deterministic: the cancelled control's failed read is being completed when
     * (from its bad-copy event, before its records are released) another control adds the block.
     */
    @Test
    void aBlockAddedWhileACancelledControlsFailedReadIsReleasedIsQueuedOnEveryDevice() throws Exception {
        SimArray a = new SimArray(3, Profile.RAID1, 2, 1, 16, null);
        SimArray.Tree t = a.addTree("t", 2, 2, 3, 0, 0);
        long block = t.blocks().stream().filter(b -> b != t.root()).findFirst().orElseThrow();
        // the device that reads it first (the first in the target's order) holds a bad copy
        StripeCopy bad = a.mirrors(block).stream().min(Comparator.comparingLong(StripeCopy::devid)).orElseThrow();
        a.badCopies.add(SimArray.copyKey(block, bad));
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.direct(Strategy.READA))) {
            AtomicReference<ReadaheadControl> late = new AtomicReference<>();
            engine.addListener(e -> {
                if (e instanceof ReadaheadEvent.BadCopy b && b.logical() == block && late.get() == null) {
                    late.set(engine.add(subtree(a, block)));
                }
            });
            ReadaheadControl first = engine.add(subtree(a, block));
            first.cancel();
            Harness.drive(a);
            assertTrue(late.get() != null, "the bad copy was met");
            assertTrue(late.get().waitFor(FINISH), "the control added in the window finished: "
                    + late.get().progress() + "\n" + Harness.dump(engine.snapshot()));
            assertEquals(0, late.get().progress().errors(), "its block was read from the good copy");
            Harness.assertClean(engine, a);
        }
    }

    /**
     * Many threads add controls over blocks with bad copies and cancel them at random moments,
     * some from the engine's own event delivery (the tightest window); every control must finish.
     */
    @Test
    void randomCancelsAndAddsOverFailingCopiesAlwaysFinish() throws Exception {
        assumeTrue(INTERLEAVINGS > 0);
        for (int seed = 0; seed < INTERLEAVINGS; seed++) {
            interleaving(seed);
        }
    }

    private static void interleaving(long seed) throws Exception {
        Random random = new Random(seed);
        SimArray a = new SimArray(seed, random.nextBoolean() ? Profile.RAID1 : Profile.RAID1C3, 3, 2, 16,
                Harness.IO);
        SimArray.Tree t = a.addTree("t", 3, 2, 3, 0, 0);
        List<Long> spoiled = new ArrayList<>();
        for (long b : t.blocks()) {
            if (random.nextInt(3) == 0) {
                // one copy bad, sometimes every copy: failover reads the next, or the branch is cut
                List<StripeCopy> copies = a.mirrors(b);
                int bad = random.nextInt(4) == 0 ? copies.size() : 1;
                copies.subList(0, bad).forEach(c -> a.badCopies.add(SimArray.copyKey(b, c)));
                spoiled.add(b);
            }
        }
        List<Long> targets = spoiled.isEmpty() ? List.of(t.root()) : spoiled;
        List<ReadaheadControl> controls = new CopyOnWriteArrayList<>();
        AtomicInteger fromEvents = new AtomicInteger(5); // bounded: every copy bad would add forever
        try (ReadaheadEngine engine = new ReadaheadEngine(a, Harness.config(Strategy.READA))) {
            engine.addListener(e -> {
                // from inside event delivery, between a hook's critical sections
                if (e instanceof ReadaheadEvent.BadCopy b && random(seed, b.seq()) < 0.3
                        && fromEvents.getAndDecrement() > 0) {
                    controls.add(engine.add(subtree(a, b.logical())));
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                long threadSeed = seed * 31 + n;
                threads.add(Thread.ofPlatform().start(() -> addAndCancel(engine, a, targets, controls, threadSeed)));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            for (int i = 0; i < controls.size(); i++) { // the listener may add more meanwhile
                ReadaheadControl c = controls.get(i);
                assertTrue(c.waitFor(FINISH), "seed " + seed + ": control " + c.id() + " did not finish: "
                        + c.progress() + "\n" + Harness.dump(engine.snapshot()));
            }
            try {
                Harness.assertDrained(engine);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + Harness.dump(engine.snapshot())
                        + controls, e);
            }
        }
    }

    /** One thread: controls on random spoiled blocks, about half of them cancelled after a moment. */
    private static void addAndCancel(ReadaheadEngine engine, SimArray a, List<Long> targets,
            List<ReadaheadControl> controls, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 4; i++) {
            ReadaheadControl c = engine.add(subtree(a, targets.get(random.nextInt(targets.size()))));
            controls.add(c);
            if (random.nextBoolean()) {
                Thread.onSpinWait();
                c.cancel();
            }
        }
    }

    /** A number in [0, 1) fixed by the seed and the event: the listener's choice is repeatable. */
    private static double random(long seed, long eventSeq) {
        return new Random(seed * 1_000_003 + eventSeq).nextDouble();
    }
}

package btrfs.workbench.readahead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import btrfs.workbench.readahead.event.ReadaheadEvent;
import btrfs.workbench.readahead.event.ReadaheadEvent.BadCopy;
import btrfs.workbench.readahead.event.ReadaheadEvent.Complete;
import btrfs.workbench.readahead.event.ReadaheadEvent.Enqueue;
import btrfs.workbench.readahead.event.ReadaheadEvent.Pick;
import btrfs.workbench.readahead.event.ReadaheadEvent.Skip;
import btrfs.workbench.readahead.event.ReadaheadEvent.StreamRead;
import btrfs.workbench.readahead.event.ReadaheadEvent.Submit;
import btrfs.workbench.readahead.event.ReadaheadEvent.ZoneState;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.StripeCopy;
import btrfs.workbench.testsupport.TraceInvariants;
import btrfs.workbench.testsupport.TraceInvariants.Invariant;
import btrfs.workbench.testsupport.TraceInvariants.Rules;

/**
 * Every rule of {@link TraceInvariants} fires on a trace with a bug planted for it: a short trace
 * of RAID1 on devids 1 and 2 (zones of 1 MiB) that breaks no rule, and for each rule one edit of
 * it that a broken machine would have made.
 */
class PlantedTraceBugsTest {

    /** The copy of block L on devid D lies at L + D * COPY_OFFSET. */
    private static final long COPY_OFFSET = 1L << 40;

    /**
     * The clean trace. Lines: {@code enqueue C L G}, {@code skip C L REASON}, {@code pick D START
     * END ELEMS [!] / ZONE_START:ELEMS[!] ...} ({@code !} locked), {@code submit D L IN_FLIGHT [+]
     * [@COPY_DEV]} ({@code +} joins the device's last read), {@code complete D L ok|fail|streamed},
     * {@code bad COPY_DEV L}, {@code stream D L BYTES} (a zone stream read on D from L's copy there);
     * {@code #N} before a line sets its seq.
     */
    static final String GOOD = """
            enqueue 1 4096 7
            pick 1 0 1048575 1 / 0:1 1048576:0
            submit 1 4096 1
            complete 1 4096 ok
            enqueue 1 8192 7
            enqueue 1 12288 7
            enqueue 1 1052672 7
            pick 1 0 1048575 2 / 0:2 1048576:1
            pick 2 1048576 2097151 1 / 0:2! 1048576:1
            submit 1 8192 1
            submit 1 12288 1 +
            submit 2 1052672 1
            complete 1 8192 ok
            complete 1 12288 ok
            complete 2 1052672 fail
            bad 2 1052672
            pick 1 1048576 2097151 1 / 0:0 1048576:1
            submit 1 1052672 1
            complete 1 1052672 ok
            skip 1 1052672 generation
            stream 2 2097152 1048576
            enqueue 1 2101248 7
            complete 2 2101248 streamed
            """;

    private static final Rules WORKBENCH = new Rules(2, true, true, false, true);
    private static final Rules V4_19 = new Rules(2, true, true, false, false);

    /** A bug planted in the clean trace: {@code from} (a whole line or lines) becomes {@code to}. */
    record Plant(Invariant fires, String what, String from, String to, Rules rules) {
        Plant(Invariant fires, String what, String from, String to) {
            this(fires, what, from, to, WORKBENCH);
        }

        @Override
        public String toString() {
            return fires + ": " + what;
        }
    }

    static List<Plant> plants() {
        String pick2 = "pick 2 1048576 2097151 1 / 0:2! 1048576:1";
        return List.of(
                new Plant(Invariant.SEQUENCE, "an event numbered out of order",
                        "complete 1 4096 ok", "#9 complete 1 4096 ok"),
                new Plant(Invariant.PICK_SEEN, "a pick claiming more elements than its zone had",
                        pick2, "pick 2 1048576 2097151 2 / 0:2! 1048576:1"),
                new Plant(Invariant.PICK_EMPTY, "a pick of an empty zone when all are empty",
                        "pick 1 1048576 2097151 1 / 0:0 1048576:1", "pick 1 1048576 2097151 0 / 0:0 1048576:0"),
                new Plant(Invariant.PICK_ORDER, "a pick of a zone while a fuller one waits",
                        "pick 1 0 1048575 2 / 0:2 1048576:1", "pick 1 0 1048575 2 / 0:2 1048576:3"),
                new Plant(Invariant.PICK_ORDER, "a tie broken for the later zone",
                        pick2, "pick 2 1048576 2097151 1 / 0:1 1048576:1"),
                new Plant(Invariant.PICK_ORDER, "a locked zone picked over an unlocked one with elements",
                        pick2, "pick 2 1048576 2097151 1 ! / 0:2 1048576:1!"),
                new Plant(Invariant.SUBMIT_AFTER_PICK, "a device reading without a pick", pick2 + "\n", ""),
                new Plant(Invariant.SUBMIT_IN_ZONE, "a read beyond the picked zone's end",
                        pick2, "pick 2 1048576 1050000 1 / 0:2! 1048576:1"),
                new Plant(Invariant.ASCENDING, "a sweep going back",
                        "submit 1 8192 1\nsubmit 1 12288 1 +", "submit 1 12288 1\nsubmit 1 8192 1 +"),
                new Plant(Invariant.IN_FLIGHT_TWICE, "a block submitted again while its read is in flight",
                        "submit 1 12288 1 +", "submit 1 8192 1 +"),
                new Plant(Invariant.COPY_ONCE, "a copy read twice",
                        "skip 1 1052672 generation", "skip 1 1052672 generation\n"
                                + "pick 1 0 1048575 1 / 0:1 1048576:0\nsubmit 1 4096 1\ncomplete 1 4096 ok"),
                new Plant(Invariant.BLOCK_ONCE, "a block read again from its other copy, though the first was good",
                        "skip 1 1052672 generation", "skip 1 1052672 generation\n"
                                + "pick 2 0 1048575 1 / 0:1 1048576:0\nsubmit 2 4096 1\ncomplete 2 4096 ok"),
                new Plant(Invariant.SUBMIT_COPY, "a read of a device that holds no copy",
                        "submit 2 1052672 1", "submit 2 1052672 1 @3"),
                new Plant(Invariant.COALESCED_TOGETHER, "a coalesced read's blocks interleaved with another read",
                        "submit 1 12288 1 +\nsubmit 2 1052672 1", "submit 2 1052672 1\nsubmit 1 12288 1 +"),
                new Plant(Invariant.IN_FLIGHT_COUNT, "a read counted twice in flight",
                        "submit 2 1052672 1", "submit 2 1052672 2"),
                new Plant(Invariant.IN_FLIGHT_COUNT, "v4.19: a read still counted after its submission",
                        "submit 1 1052672 1", "submit 1 1052672 2", V4_19),
                new Plant(Invariant.IN_FLIGHT_CAP, "two reads in flight on a device capped at one",
                        "submit 1 12288 1 +", "submit 1 12288 2", new Rules(1, true, true, false, true)),
                new Plant(Invariant.COMPLETE_MATCHES, "a completion on the wrong device",
                        "complete 1 4096 ok", "complete 2 4096 ok"),
                new Plant(Invariant.STREAMED, "a block served by the stream from a device without a copy",
                        "complete 2 2101248 streamed", "complete 3 2101248 streamed"),
                new Plant(Invariant.STREAMED, "a block served by the stream that no control enqueued",
                        "enqueue 1 2101248 7\n", ""),
                new Plant(Invariant.STREAMED, "a block served by the stream before its stream read",
                        "stream 2 2097152 1048576\n", ""),
                new Plant(Invariant.STREAMED, "a block served by a stream read of the other device",
                        "stream 2 2097152 1048576", "stream 1 2097152 1048576"),
                new Plant(Invariant.STREAMED, "a block served by a stream read that ends before it",
                        "stream 2 2097152 1048576", "stream 2 2097152 4096"),
                new Plant(Invariant.BAD_COPY_FOLLOWS, "a failed read without its bad copy", "bad 2 1052672\n", ""),
                new Plant(Invariant.BAD_COPY_READ, "a bad copy of a copy never read",
                        "bad 2 1052672", "bad 2 1052672\nbad 2 4096"),
                new Plant(Invariant.GENERATION_CUT, "a child of a generation-mismatched node enqueued",
                        "skip 1 1052672 generation", "skip 1 1052672 generation\nenqueue 1 16384 7"),
                new Plant(Invariant.ALL_COMPLETED, "a read that never completes", "complete 1 1052672 ok\n", ""));
    }

    @Test
    void theCleanTraceBreaksNoRuleInEitherEngine() {
        assertEquals(List.of(), check(GOOD, WORKBENCH));
        assertEquals(List.of(), check(GOOD, V4_19));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plants")
    void eachPlantedBugFiresItsRule(Plant plant) {
        assertTrue(GOOD.contains(plant.from()), "the plant edits the clean trace: " + plant.from());
        String bad = GOOD.replace(plant.from(), plant.to());
        List<TraceInvariants.Violation> found = violations(bad, plant.rules());
        Set<Invariant> fired = found.stream().map(TraceInvariants.Violation::invariant).collect(Collectors.toSet());
        assertTrue(fired.contains(plant.fires()), plant + " fired " + found);
    }

    @Test
    void everyRuleHasAPlantedBug() {
        Set<Invariant> planted = plants().stream().map(Plant::fires).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(Invariant.class), planted);
    }

    private static List<String> check(String trace, Rules rules) {
        return violations(trace, rules).stream().map(Object::toString).toList();
    }

    private static List<TraceInvariants.Violation> violations(String trace, Rules rules) {
        return TraceInvariants.violations(parse(trace), PlantedTraceBugsTest::mirrors,
                logical -> logical == 1052672 ? List.of(16384L) : List.of(), rules);
    }

    private static List<StripeCopy> mirrors(long logical) {
        return List.of(new StripeCopy(1, logical + COPY_OFFSET), new StripeCopy(2, logical + 2 * COPY_OFFSET));
    }

    /** The events of a trace in the notation of {@link #GOOD}. */
    static List<ReadaheadEvent> parse(String trace) {
        List<ReadaheadEvent> out = new ArrayList<>();
        Map<Long, Long> lastRead = new HashMap<>();
        long seq = 0;
        for (String line : trace.strip().split("\n")) {
            seq++;
            long at = seq;
            if (line.startsWith("#")) {
                at = Long.parseLong(line.substring(1, line.indexOf(' ')));
                line = line.substring(line.indexOf(' ') + 1);
            }
            String[] w = line.trim().split("\\s+");
            out.add(switch (w[0]) {
                case "enqueue" -> new Enqueue(at, at, num(w[2]), num(w[1]), num(w[3]));
                case "skip" -> new Skip(at, at, num(w[2]), num(w[1]), SkipReason.valueOf(w[3].toUpperCase()));
                case "pick" -> pick(at, line);
                case "submit" -> submit(at, w, lastRead);
                case "complete" -> complete(at, w);
                case "stream" -> new StreamRead(at, at, num(w[1]), num(w[2]) + num(w[1]) * COPY_OFFSET, num(w[3]), at,
                        at);
                case "bad" -> new BadCopy(at, at, num(w[2]), num(w[1]), num(w[2]) + num(w[1]) * COPY_OFFSET, "EIO");
                default -> throw new IllegalArgumentException(line);
            });
        }
        return out;
    }

    private static Complete complete(long seq, String[] w) {
        boolean ok = !w[3].equals("fail");
        return new Complete(seq, seq, num(w[1]), num(w[2]), ok, ok ? 1 : -1, ok ? 7 : 0, ok ? null : "EIO",
                w[3].equals("streamed"));
    }

    private static Pick pick(long seq, String line) {
        String[] halves = line.split("/");
        String[] w = halves[0].trim().split("\\s+");
        List<ZoneState> zones = new ArrayList<>();
        for (String z : halves[1].trim().split("\\s+")) {
            boolean locked = z.endsWith("!");
            String[] parts = z.replace("!", "").split(":");
            zones.add(new ZoneState(num(parts[0]), num(parts[1]), locked));
        }
        boolean locked = w.length > 5 && w[5].equals("!");
        return new Pick(seq, seq, num(w[1]), num(w[2]), num(w[3]), num(w[4]), locked, zones);
    }

    private static Submit submit(long seq, String[] w, Map<Long, Long> lastRead) {
        long dev = num(w[1]);
        long logical = num(w[2]);
        boolean joins = List.of(w).contains("+");
        long copyDev = List.of(w).stream().filter(x -> x.startsWith("@")).map(x -> num(x.substring(1))).findFirst()
                .orElse(dev);
        long read = joins ? lastRead.get(dev) : seq;
        lastRead.put(dev, read);
        return new Submit(seq, seq, dev, logical, copyDev, logical + copyDev * COPY_OFFSET, (int) num(w[3]), read);
    }

    private static long num(String s) {
        return Long.parseLong(s);
    }
}

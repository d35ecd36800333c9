package btrfs.workbench.snapshot.trace;

/**
 * The readahead trace format: JSON lines, one event per line, in the engine's event order.
 * Every line has {@code ev} (pick, submit, complete, enqueue, skip, finish, bad_copy), {@code seq}
 * (1, 2, 3 ...) and {@code t} (nanoseconds since the engine started). {@code dev} is a devid;
 * {@code logical}, {@code zone_start} and {@code zone_end} are logical addresses (as in reada.c);
 * {@code physical} is the byte offset on that device; {@code control} a control id.
 * <pre>
 * {"ev":"pick","seq":S,"t":NS,"dev":D,"zone_start":S,"zone_end":E,"elems":N,"locked":B,"unlocked_alternatives":K}
 * {"ev":"submit","seq":S,"t":NS,"dev":D,"logical":L,"physical":P,"in_flight":K,"read":R}
 * {"ev":"complete","seq":S,"t":NS,"dev":D,"logical":L,"ok":B,"level":N,"generation":G[,"error":"..."]}
 * {"ev":"enqueue","seq":S,"t":NS,"logical":L,"control":C,"generation":G}
 * {"ev":"skip","seq":S,"t":NS,"logical":L,"control":C,"reason":"generation|level|range|missing-device|unmapped|shared"}
 * {"ev":"finish","seq":S,"t":NS,"control":C,"cancelled":B,"blocks":N,"errors":N,"generation_skips":N}
 * {"ev":"bad_copy","seq":S,"t":NS,"logical":L,"dev":D,"physical":P,"reason":"..."}
 * </pre>
 * {@code bad_copy}: a copy of block L on device D at P failed to read or validate (right after
 * its failed {@code complete}; with failover the block's next copy is read later), or in scrub
 * mode its bytes differ from the good copy's.
 * {@code unlocked_alternatives}: unlocked zones with elems &gt; 0 on that device at pick time,
 * other than the one picked. {@code in_flight}: reads (I/Os) in flight on the device counting
 * this one; {@code read}: the I/O the block goes in, the seq of its first block's submit (a
 * coalesced read of back-to-back blocks is several submits with one {@code read}).
 * A {@code generation} skip names the node that was read but not descended into.
 */
public final class TraceFormat {

    public static final String EV = "ev";
    public static final String SEQ = "seq";
    public static final String T = "t";
    public static final String DEV = "dev";
    public static final String ZONE_START = "zone_start";
    public static final String ZONE_END = "zone_end";
    public static final String ELEMS = "elems";
    public static final String LOCKED = "locked";
    public static final String UNLOCKED_ALTERNATIVES = "unlocked_alternatives";
    public static final String LOGICAL = "logical";
    public static final String PHYSICAL = "physical";
    public static final String IN_FLIGHT = "in_flight";
    public static final String READ = "read";
    public static final String OK = "ok";
    public static final String LEVEL = "level";
    public static final String GENERATION = "generation";
    public static final String ERROR = "error";
    public static final String CONTROL = "control";
    public static final String REASON = "reason";
    public static final String CANCELLED = "cancelled";
    public static final String BLOCKS = "blocks";
    public static final String ERRORS = "errors";
    public static final String GENERATION_SKIPS = "generation_skips";

    private TraceFormat() {
    }
}

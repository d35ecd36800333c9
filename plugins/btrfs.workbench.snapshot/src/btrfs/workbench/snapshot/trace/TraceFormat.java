package btrfs.workbench.snapshot.trace;

/**
 * The readahead trace format: JSON lines, a header, then one event per line in the engine's
 * event order. The header names the machine that wrote the events:
 * <pre>
 * {"trace":1,"engine":"workbench|v4.19","strategy":"reada|naive","max_in_flight":N}
 * </pre>
 * Every event line has {@code ev} (pick, submit, complete, enqueue, skip, finish, bad_copy, stream_read), {@code seq}
 * (1, 2, 3 ...) and {@code t} (nanoseconds since the engine started). {@code dev} is a devid;
 * {@code logical}, {@code zone_start} and {@code zone_end} are logical addresses (as in reada.c);
 * {@code physical} is the byte offset on that device; {@code control} a control id.
 * <pre>
 * {"ev":"pick","seq":S,"t":NS,"dev":D,"zone_start":S,"zone_end":E,"elems":N,"locked":B,"unlocked_alternatives":K,
 *  "zones":[[START,ELEMS,LOCKED],...]}
 * {"ev":"submit","seq":S,"t":NS,"dev":D,"logical":L[,"copy_dev":C],"physical":P,"in_flight":K,"read":R}
 * {"ev":"complete","seq":S,"t":NS,"dev":D,"logical":L,"ok":B,"level":N,"generation":G[,"error":"..."][,"streamed":true]}
 * {"ev":"enqueue","seq":S,"t":NS,"logical":L,"control":C,"generation":G}
 * {"ev":"skip","seq":S,"t":NS,"logical":L,"control":C,"reason":"generation|level|range|missing-device|unmapped|
 *  stripe-boundary|shared|busy"}
 * {"ev":"finish","seq":S,"t":NS,"control":C,"cancelled":B,"blocks":N,"errors":N,"generation_skips":N}
 * {"ev":"bad_copy","seq":S,"t":NS,"logical":L,"dev":D,"physical":P,"reason":"..."}
 * {"ev":"stream_read","seq":S,"t":NS,"dev":D,"physical":P,"bytes":N,"issued":NS,"answered":NS}
 * </pre>
 * {@code bad_copy}: a copy of block L on device D at P failed to read or validate (right after
 * its failed {@code complete}; with failover the block's next copy is read later), or in scrub
 * mode its bytes differ from the good copy's.
 * {@code zones}: every zone of the device as the pick saw it (start, elems, locked), in logical
 * order: the choice is checked against them; {@code unlocked_alternatives}: unlocked zones with
 * elems &gt; 0 among them other than the one picked. {@code copy_dev}: the device the copy read
 * lies on, only when it is not {@code dev} (v4.19's mirror_num quirk). {@code in_flight}: reads
 * (I/Os) in flight on the device counting this one (v4.19: only while it is submitted);
 * {@code read}: the I/O the block goes in, the seq of its first block's submit (a coalesced read
 * is several submits with one {@code read}).
 * A {@code generation} skip names the node that was read but not descended into.
 * {@code streamed}: the block had no submit of its own — zone streaming read it earlier on
 * {@code dev}, reading through its block group (only with zone streaming; absent means false, so
 * older traces read as before). {@code stream_read}: a read of the zone stream, N bytes from P on
 * D, issued and answered at those times (nanoseconds, as {@code t}); reported in the order the
 * device's stream issued them, before any block it read is served as streamed.
 */
public final class TraceFormat {

    /** The header's first field, with the format's {@link #VERSION}. */
    public static final String TRACE = "trace";
    public static final int VERSION = 1;
    public static final String ENGINE = "engine";
    public static final String STRATEGY = "strategy";
    public static final String MAX_IN_FLIGHT = "max_in_flight";
    public static final String EV = "ev";
    public static final String SEQ = "seq";
    public static final String T = "t";
    public static final String DEV = "dev";
    public static final String ZONE_START = "zone_start";
    public static final String ZONE_END = "zone_end";
    public static final String ELEMS = "elems";
    public static final String LOCKED = "locked";
    public static final String UNLOCKED_ALTERNATIVES = "unlocked_alternatives";
    public static final String ZONES = "zones";
    public static final String COPY_DEV = "copy_dev";
    public static final String LOGICAL = "logical";
    public static final String PHYSICAL = "physical";
    public static final String IN_FLIGHT = "in_flight";
    public static final String READ = "read";
    public static final String OK = "ok";
    public static final String LEVEL = "level";
    public static final String GENERATION = "generation";
    public static final String ERROR = "error";
    public static final String STREAMED = "streamed";
    public static final String BYTES = "bytes";
    public static final String ISSUED = "issued";
    public static final String ANSWERED = "answered";
    public static final String CONTROL = "control";
    public static final String REASON = "reason";
    public static final String CANCELLED = "cancelled";
    public static final String BLOCKS = "blocks";
    public static final String ERRORS = "errors";
    public static final String GENERATION_SKIPS = "generation_skips";

    private TraceFormat() {
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.readahead.event.SkipReason;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.TreeLink;

/**
 * Deviation (beyond v4.19, whose hook descends into nodes only): what a readahead reads besides a
 * node's children. Following leaves (the FIXME "we could trigger more readahead depending from the
 * content"): a leaf's ROOT_ITEMs and extent items name tree blocks, queued for the records that
 * follow leaves, each block read once in the whole run (a run-wide read-once set: the engine frees
 * an extent once read, so a block snapshots share would otherwise be read for every tree reaching
 * it). Restarts (the FIXME "this will probably cut off a branch from prefetch"): a block that
 * changed since its parent was read is read again from its tree's current root, for its key span.
 * Mounted filesystems: a block rewritten under the run is a change, not damage. The machine calls
 * in here with the engine lock held unless a method says otherwise.
 */
final class Expansions {

    /** Why a candidate is added: a node's child, a leaf's link, a restart from a current root. */
    enum Via {
        CHILD, LINK, RESTART
    }

    /** A block to add after the hook has read its parent (reada_add_block's arguments). */
    static final class Candidate {
        final ControlImpl rc;
        final long logical;
        final Key from;
        final Key top;
        final long generation;
        final int level;
        final Scope scope;
        final Via via;
        boolean existed;

        Candidate(ControlImpl rc, long logical, Key from, Key top, long generation, int level, Scope scope, Via via,
                boolean existed) {
            this.rc = rc;
            this.logical = logical;
            this.from = from;
            this.top = top;
            this.generation = generation;
            this.level = level;
            this.scope = scope;
            this.via = via;
            this.existed = existed;
        }
    }

    /** What the hook found to add, collected under the lock and completed outside it. */
    static final class Found {
        final List<Candidate> candidates = new ArrayList<>();
        /** Records that follow the links of the leaf that was read. */
        final List<ExtCtl> leafFollowers = new ArrayList<>(1);
        /** Records whose block changed, to restart from their tree's current root. */
        final List<ExtCtl> restarts = new ArrayList<>(0);
        /** The block the records were served (scrub: the first good copy, not always the one just read). */
        ReadBlock served;
    }

    private final ReadaMachine m;
    private final ReadaheadTarget target;
    /** The filesystem is mounted and changes under the run (see {@link ReadaheadTarget#live()}). */
    private final boolean live;
    /**
     * The blocks this run has read and expanded completely for a control that follows leaves;
     * 16 to 32 bytes per block (see {@link LongSet}).
     */
    private LongSet readOnce = new LongSet();
    /** One scope per whole tree, see {@link #wholeScope}; used outside the lock. */
    private final ConcurrentHashMap<Long, Scope> wholeScopes = new ConcurrentHashMap<>();

    Expansions(ReadaMachine m, ReadaheadTarget target) {
        this.m = m;
        this.target = target;
        this.live = target.live();
    }

    /**
     * A control is being added: a new run that follows leaves starts "read once" afresh, for
     * what earlier runs read may have changed since (the GUI keeps one engine per array).
     */
    void starting(ReadaheadRequest request) {
        if (request.following().leaves() && m.controls.values().stream().noneMatch(ControlImpl::followsLeaves)) {
            readOnce = new LongSet();
        }
    }

    /**
     * Whether a control that follows leaves gets everything below {@code logical} without queueing
     * it again: read and expanded completely in this run, or waiting for a read that will expand
     * it completely (a record of a following control with no key range, the same generation).
     */
    boolean coveredAlready(ControlImpl rc, long logical, long generation, Extent queued) {
        if (!rc.followsLeaves()) {
            return false;
        }
        if (readOnce.contains(logical)) {
            return true;
        }
        if (queued != null) {
            for (ExtCtl rec : queued.extctl) {
                if (rec.rc().followsLeaves() && !rec.rc().cancelled && rec.complete()
                        && rec.generation() == generation) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The pointer was read a moment ago from a mounted filesystem and names a block in a chunk
     * allocated after the chunk map was read: a change, not damage.
     */
    boolean isChange(SkipReason failure) {
        return live && failure == SkipReason.UNMAPPED;
    }

    /**
     * Whether the block read is not the one the record's parent pointed at because the mounted
     * filesystem rewrote it meanwhile: a copy that did not validate twice, or (live only) a block
     * at another level <em>and</em> generation — on a live filesystem a freed block is reused by
     * any tree at any level. On an image the same is damage (a level error), and a block at the
     * right level with another generation stays the kernel's generation skip.
     */
    boolean changedUnder(ExtCtl rec, ReadBlock block) {
        return block.isChanged()
                || live && rec.level() >= 0 && rec.level() != block.level() && rec.generation() != block.generation();
    }

    /** A record whose block changed under the run: counted, not descended, maybe restarted. */
    void changed(Extent re, ExtCtl rec, Found x) {
        ControlImpl rc = rec.rc();
        rc.changed++;
        generationSkip(re, rec, x);
    }

    /**
     * "if the generation doesn't match, just ignore this extctl. This will probably cut off a
     * branch from prefetch": counted as a skip; beyond v4.19 the record may restart.
     */
    void generationSkip(Extent re, ExtCtl rec, Found x) {
        ControlImpl rc = rec.rc();
        rc.generationSkips++;
        m.skipped(re.logical, rc, SkipReason.GENERATION);
        if (!rc.cancelled && restartWanted(rec)) {
            x.restarts.add(rec);
        }
    }

    /** Whether a record descends below a leaf: v4.19 ignores leaf contents. */
    static boolean readsLeaves(ExtCtl rec) {
        return rec.rc().request().following().any();
    }

    /** The record's block was read correctly and is about to be expanded completely: read once. */
    void expanding(Extent re, ExtCtl rec) {
        if (rec.rc().followsLeaves() && rec.complete()) {
            readOnce.add(re.logical);
        }
    }

    /** At a leaf: the records that follow its links (parsed outside the lock, see {@link #expand}). */
    void atLeaf(List<ExtCtl> matching, Found x) {
        matching.stream().filter(rec -> rec.rc().followsLeaves()).forEach(x.leafFollowers::add);
    }

    /** The lower key bound a child keeps: only a control that restarts needs it. */
    static Key fromKept(ControlImpl rc, Key key) {
        return rc.request().following().restarts() ? key : null;
    }

    /** A record whose block changed restarts if its control asks for it and it may still. */
    private static boolean restartWanted(ExtCtl rec) {
        return rec.rc().request().following().restarts() && rec.tree() != TreeLink.UNKNOWN_TREE
                && (rec.scope() == null || rec.scope().restarts() < Following.MAX_RESTARTS);
    }

    /**
     * Outside the lock: the candidates collected, plus the links of a leaf for the records that
     * follow them, plus a restart from the current root for every record whose block changed.
     */
    List<Candidate> expand(Extent re, Found x) {
        List<Candidate> out = x.candidates;
        if (!x.leafFollowers.isEmpty()) {
            List<TreeLink> links = links(x.served);
            for (ExtCtl rec : x.leafFollowers) {
                for (TreeLink link : links) {
                    if (inRange(link.item(), rec)) { // an item outside the record's range is not wanted
                        out.add(new Candidate(rec.rc(), link.bytenr(), null, Key.MAX, link.generation(), link.level(),
                                wholeScope(link.tree()), Via.LINK, false));
                    }
                }
            }
        }
        for (ExtCtl rec : x.restarts) {
            Candidate restart = restart(re, rec);
            if (restart != null) {
                out.add(restart);
            }
        }
        return out;
    }

    /** One scope per tree: the extent tree names every block with its owner, a million links one scope each. */
    private Scope wholeScope(long tree) {
        return wholeScopes.computeIfAbsent(tree, Scope::whole);
    }

    /** Whether a leaf item's key lies in the record's range (an item without key: yes). */
    private static boolean inRange(Key item, ExtCtl rec) {
        return item == null || !item.isBefore(rec.rangeStart()) && item.isBefore(rec.rangeEnd());
    }

    /** The leaf's links; a target that cannot parse them gives none (the leaf itself was read). */
    private static List<TreeLink> links(ReadBlock block) {
        try {
            return block.links().links();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The current root of the record's tree with the key span of the block that changed (within
     * the record's range) as the range of a sub-readahead, or null if the tree is gone or the span
     * empty. Reads the superblock and root tree again, on the thread that completed the read: only
     * when a block changed under the run, and the target walks the root tree once per transaction
     * at most.
     */
    private Candidate restart(Extent re, ExtCtl rec) {
        TreeLink root;
        try {
            root = target.currentRoot(rec.tree()).orElse(null);
        } catch (RuntimeException e) {
            root = null;
        }
        if (root == null) {
            return null;
        }
        Key from = re.from == null ? Key.MIN : re.from;
        Key start = from.isAfter(rec.rangeStart()) ? from : rec.rangeStart();
        Key end = re.top.isBefore(rec.rangeEnd()) ? re.top : rec.rangeEnd();
        if (!start.isBefore(end)) {
            return null;
        }
        int restarts = rec.scope() == null ? 1 : rec.scope().restarts() + 1;
        return new Candidate(rec.rc(), root.bytenr(), null, Key.MAX, root.generation(), root.level(),
                new Scope(root.tree(), start, end, restarts), Via.RESTART, false);
    }

    /** Counts a queued link or restart for its control. */
    static void counted(Candidate c) {
        if (c.via == Via.LINK) {
            c.rc.links++;
        } else if (c.via == Via.RESTART) {
            c.rc.restarts++;
        }
    }
}

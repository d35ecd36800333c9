package btrfs.workbench.readahead;

import btrfs.workbench.metadata.key.Key;

/**
 * struct reada_extctl: a control waiting for an extent, with the generation it expects — and the
 * level its parent implies (see {@link EngineMode#acceptsLevel}; -1 for a root of unknown level) and
 * the scope it reads below the block when that is not its control's own (null: the control's).
 */
record ExtCtl(ControlImpl rc, long generation, int level, Scope scope) {

    Key rangeStart() {
        return scope == null ? rc.request().start() : scope.start();
    }

    Key rangeEnd() {
        return scope == null ? rc.request().end() : scope.end();
    }

    /** The record reads everything below its block: no key range cuts it. */
    boolean complete() {
        return scope == null ? rc.request().wholeRange() : scope.start().equals(Key.MIN) && scope.end().equals(Key.MAX);
    }

    long tree() {
        return scope == null ? rc.request().tree() : scope.tree();
    }
}

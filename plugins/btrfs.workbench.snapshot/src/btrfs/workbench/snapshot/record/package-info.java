/**
 * Recordings of readahead runs ({@code readahead --record FILE}) and their replay.
 * <p>
 * A recording is a gzip'ed JSON-lines file: first a {@link RecordingHeader header} line with the
 * array, then, interleaved in the order they happened, the engine's events as
 * {@link btrfs.workbench.snapshot.trace.TraceFormat trace lines} ({@code "ev"}) and
 * {@link FrameDelta frames} ({@code "rec":"frame"}): what the views show — the engine's state,
 * every device's queue, the controls, throughput and heatmap — taken at most ten times a second
 * and written as the difference to the frame before (a full key frame now and then, so that a
 * replay can seek). {@link Recording} reads it back and rebuilds the state of any frame as a
 * {@link btrfs.workbench.snapshot.DiagnosticSnapshot}.
 * <p>
 * Why frames and not only events: the engine's state (zones, locks, queue order) follows from the
 * events only by running the kernel's rules again; storing what the engine itself reported keeps
 * the replay exactly what the live views showed, without a second implementation of reada.c.
 */
package btrfs.workbench.snapshot.record;

/**
 * Our own file formats, written and read with Jackson: diagnostic snapshots of the readahead
 * engine's state ({@link btrfs.workbench.snapshot.DiagnosticSnapshot}, versioned; the format is the
 * JSON Schema {@code schema/diagnostic-snapshot.schema.json} of this bundle) and, in
 * {@code trace/}, the engine's event stream as JSON lines. Plain Java, no UI.
 */
package btrfs.workbench.snapshot;

/**
 * The readahead event trace as JSON lines ({@code readahead --trace FILE}): writer, reader and the
 * documented field names.
 */
package btrfs.workbench.snapshot.trace;

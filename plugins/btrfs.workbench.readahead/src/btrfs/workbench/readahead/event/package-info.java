/**
 * The readahead engine's event stream (pick, submit, complete, enqueue, skip, finish), for
 * tracing and for the JSON-lines output of the CLI.
 */
package btrfs.workbench.readahead.event;

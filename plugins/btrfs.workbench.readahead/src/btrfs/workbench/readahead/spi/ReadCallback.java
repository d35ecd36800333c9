package btrfs.workbench.readahead.spi;

/**
 * Completion of one {@link ReadaheadTarget#read asynchronous read}. Exactly one of the two
 * methods must be called, once; later calls are ignored. May be called on any thread, also
 * synchronously from within {@code read} (e.g. for a cached block).
 */
public interface ReadCallback {

    /** The block was read, its checksum and header verified. */
    void completed(ReadBlock block);

    /** The block could not be read from that copy (I/O error, bad checksum, wrong bytenr ...). */
    void failed(String reason);
}

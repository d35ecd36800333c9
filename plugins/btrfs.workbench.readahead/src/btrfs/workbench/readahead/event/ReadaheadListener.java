package btrfs.workbench.readahead.event;

/**
 * Receives the engine's events, one at a time and in {@link ReadaheadEvent#seq() order}, on
 * whichever engine or I/O thread happens to deliver them — never while the engine's lock is
 * held, but a slow listener still slows the thread that delivers, so keep it quick.
 */
@FunctionalInterface
public interface ReadaheadListener {

    void onEvent(ReadaheadEvent event);
}

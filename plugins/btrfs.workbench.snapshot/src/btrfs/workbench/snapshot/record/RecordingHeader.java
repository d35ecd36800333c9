package btrfs.workbench.snapshot.record;

import btrfs.workbench.snapshot.ArrayState;

/**
 * The first line of a recording.
 *
 * @param rec         always {@value #REC}
 * @param format      {@link #FORMAT} when written by this version; readers accept it and older ones
 * @param tool        "btrfs-workbench"
 * @param toolVersion the writer's version
 * @param created     ISO-8601 time the recording started
 * @param host        the machine it was made on
 * @param array       the array, its devices and metadata chunk map
 */
public record RecordingHeader(String rec, int format, String tool, String toolVersion, String created, String host,
        ArrayState array) {

    public static final String REC = "header";

    /** The recording format this version writes. */
    public static final int FORMAT = 1;
}

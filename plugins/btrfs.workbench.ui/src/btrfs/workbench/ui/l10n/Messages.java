package btrfs.workbench.ui.l10n;

import org.eclipse.osgi.util.NLS;

/**
 * The user interface's texts, from {@code messages.properties} beside this class (one bundle
 * of texts for the whole UI; {@code plugin.xml}'s are in {@code plugin.properties}). Keys are
 * {@code Class_what}, grouped by the class that shows them as in the file; texts with values are
 * filled in with {@code NLS.bind}. Log messages for developers ({@code Problems.log}), ids, file
 * extensions and number formats stay in the code. {@code MessagesTest} keeps fields and keys in
 * step and fails on a literal text handed to the user outside this package.
 */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "btrfs.workbench.ui.l10n.messages";

    // Shared by several classes
    public static String Common_devid;
    public static String Common_noLabel;
    public static String Common_allFiles;
    public static String Common_noRun;
    public static String Common_seconds;
    public static String Common_perSecond;

    // WindowAdvisor
    public static String WindowAdvisor_title;

    // MenuAdvisor
    public static String Menu_file;
    public static String Menu_window;
    public static String Menu_showView;
    public static String Menu_help;

    // AddImagesHandler
    public static String AddImagesHandler_title;
    public static String AddImagesHandler_images;

    // LaunchReadaheadDialog
    public static String Launch_title;
    public static String Launch_message;
    public static String Launch_array;
    public static String Launch_arrayItem;
    public static String Launch_trees;
    public static String Launch_startKey;
    public static String Launch_startHint;
    public static String Launch_endKey;
    public static String Launch_endHint;
    public static String Launch_strategy;
    public static String Launch_engine;
    public static String Launch_engineTip;
    public static String Launch_maxInFlight;
    public static String Launch_coalesce;
    public static String Launch_streamZones;
    public static String Launch_streamZonesTip;
    public static String Launch_streamHelp;
    public static String Launch_streamHelpTip;
    public static String Launch_streamLeaves;
    public static String Launch_streamLeavesTip;
    public static String Launch_hugePages;
    public static String Launch_hugePagesTip;
    public static String Launch_pacing;
    public static String Launch_pacingNone;
    public static String Launch_pacingLatency;
    public static String Launch_pacingBandwidth;
    public static String Launch_paceNotNumber;
    public static String Launch_paceNotPositive;
    public static String Launch_seeks;
    public static String Launch_direct;
    public static String Launch_scrub;
    public static String Launch_followLeaves;
    public static String Launch_restarts;
    public static String Launch_recordTo;
    public static String Launch_recordHint;
    public static String Launch_browse;
    public static String Launch_launch;
    public static String Launch_noArrayFound;
    public static String Launch_noArray;
    public static String Launch_noFolder;
    public static String Launch_isFolder;

    // HeatmapLayout
    public static String HeatmapLayout_hilbert;
    public static String HeatmapLayout_linear;

    // HeatmapView (the legend names a cell's states)
    public static String HeatmapView_hilbert;
    public static String HeatmapView_hilbertTip;
    public static String HeatmapView_linear;
    public static String HeatmapView_linearTip;
    public static String HeatmapView_zoomIn;
    public static String HeatmapView_zoomInTip;
    public static String HeatmapView_zoomOut;
    public static String HeatmapView_zoomOutTip;
    public static String HeatmapView_export;
    public static String HeatmapView_exportTip;
    public static String HeatmapView_exportTitle;
    public static String HeatmapView_noHeatmap;
    public static String HeatmapView_deviceTitle;
    public static String HeatmapView_cell;
    public static String HeatmapView_unused;
    public static String HeatmapView_metadata;
    public static String HeatmapView_read;
    public static String HeatmapView_skipped;
    public static String HeatmapView_queued;
    public static String HeatmapView_inFlight;
    public static String HeatmapView_failed;

    // PointersView
    public static String PointersView_inFlight;
    public static String PointersView_lockedElems;

    // QueueView
    public static String QueueView_columnPosition;
    public static String QueueView_columnLogical;
    public static String QueueView_columnPhysical;
    public static String QueueView_columnState;
    public static String QueueView_columnZone;
    public static String QueueView_columnWaiting;
    public static String QueueView_columnGeneration;
    public static String QueueView_columnReadBy;
    public static String QueueView_description;
    public static String QueueView_queued;
    public static String QueueView_inFlight;
    public static String QueueView_done;
    public static String QueueView_failed;

    // RunsView
    public static String RunsView_columnArray;
    public static String RunsView_columnTree;
    public static String RunsView_columnRange;
    public static String RunsView_columnState;
    public static String RunsView_columnBlocks;
    public static String RunsView_columnBytes;
    public static String RunsView_columnSkips;
    public static String RunsView_columnErrors;
    public static String RunsView_columnBadCopies;
    public static String RunsView_columnElapsed;
    public static String RunsView_columnThroughput;
    public static String RunsView_wholeTree;
    public static String RunsView_running;
    public static String RunsView_cancelling;
    public static String RunsView_done;
    public static String RunsView_cancelled;

    // ZonesView
    public static String ZonesView_columnName;
    public static String ZonesView_columnStart;
    public static String ZonesView_columnEnd;
    public static String ZonesView_columnElems;
    public static String ZonesView_columnLocked;
    public static String ZonesView_columnPeers;
    public static String ZonesView_columnPointer;
    public static String ZonesView_columnInFlight;
    public static String ZonesView_columnQueued;
    public static String ZonesView_missingDevice;
    public static String ZonesView_currentZone;
    public static String ZonesView_zone;
    public static String ZonesView_locked;

    // WorkbenchPreferencePage
    public static String WorkbenchPreferencePage_description;
    public static String WorkbenchPreferencePage_autoSnapshot;
    public static String WorkbenchPreferencePage_folder;
    public static String WorkbenchPreferencePage_folderError;

    // ReplayView
    public static String ReplayView_play;
    public static String ReplayView_pause;
    public static String ReplayView_noReplay;
    public static String ReplayView_position;
    public static String ReplayView_cutShort;

    // RunJob
    public static String RunJob_name;
    public static String RunJob_task;
    public static String RunJob_cannotLaunch;
    public static String RunJob_progress;
    public static String RunJob_recorded;
    public static String RunJob_notRecorded;
    public static String RunJob_snapshotSaved;
    public static String RunJob_summary;

    // RunLog (appended to the summary of a run with problems)
    public static String RunLog_unreadable;
    public static String RunLog_recovered;

    // SnapshotActions
    public static String SnapshotActions_openTitle;
    public static String SnapshotActions_saveTitle;
    public static String SnapshotActions_snapshots;
    public static String SnapshotActions_snapshotsAndRecordings;
    public static String SnapshotActions_cannotOpenRecording;
    public static String SnapshotActions_cannotOpenSnapshot;
    public static String SnapshotActions_cannotSave;

    // ArrayColumn (the Arrays view's columns and cells)
    public static String ArrayColumn_name;
    public static String ArrayColumn_devices;
    public static String ArrayColumn_status;
    public static String ArrayColumn_uuid;
    public static String ArrayColumn_nodesize;
    public static String ArrayColumn_checksum;
    public static String ArrayColumn_generation;
    public static String ArrayColumn_size;
    public static String ArrayColumn_used;
    public static String ArrayColumn_rotational;
    public static String ArrayColumn_model;
    public static String ArrayColumn_mounted;
    public static String ArrayColumn_path;
    public static String ArrayColumn_backingFile;
    public static String ArrayColumn_devicesOf;
    public static String ArrayColumn_missingDevices;
    public static String ArrayColumn_ok;
    public static String ArrayColumn_missing;
    public static String ArrayColumn_yes;
    public static String ArrayColumn_no;

    // Remote arrays: ConnectServerDialog, ConnectServerJob, RemoteRunJob, the Arrays view's server rows
    public static String Connect_title;
    public static String Connect_message;
    public static String Connect_host;
    public static String Connect_user;
    public static String Connect_port;
    public static String Connect_identity;
    public static String Connect_browse;
    public static String Connect_command;
    public static String Connect_paths;
    public static String Connect_connect;
    public static String Connect_badPort;
    public static String Connect_noHost;
    public static String Connect_job;
    public static String Connect_connected;
    public static String Connect_failed;
    public static String RemoteRunJob_name;
    public static String RemoteRunJob_ended;
    public static String RemoteRunJob_lostTitle;
    public static String RemoteRunJob_lost;
    public static String ArrayColumn_server;

    // ArrayScanJob
    public static String ArrayScanJob_name;
    public static String ArrayScanJob_task;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}

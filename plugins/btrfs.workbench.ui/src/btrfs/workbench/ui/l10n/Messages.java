package btrfs.workbench.ui.l10n;

import org.eclipse.osgi.util.NLS;

/**
 * The user interface's texts, from {@code messages.properties} beside this class (one bundle
 * of texts for the whole UI; {@code plugin.xml}'s are in {@code plugin.properties}).
 */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "btrfs.workbench.ui.l10n.messages";

    public static String RunJob_name;
    public static String RunJob_task;
    public static String RunJob_cannotLaunch;
    public static String RunJob_progress;
    public static String RunJob_recorded;
    public static String RunJob_notRecorded;
    public static String RunJob_snapshotSaved;
    public static String RunJob_summary;

    public static String Menu_file;
    public static String Menu_window;
    public static String Menu_showView;
    public static String Menu_help;

    public static String Launch_coalesce;
    public static String Launch_noArray;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}

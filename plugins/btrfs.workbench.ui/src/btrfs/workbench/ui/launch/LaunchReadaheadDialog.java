package btrfs.workbench.ui.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.EngineMode;
import btrfs.workbench.readahead.Following;
import btrfs.workbench.readahead.ReadaheadConfig;
import btrfs.workbench.readahead.Strategy;
import btrfs.workbench.readahead.StreamZones;
import btrfs.workbench.readahead.io.IoModel;
import btrfs.workbench.session.ArrayCatalog;
import btrfs.workbench.session.ArrayTrees;
import btrfs.workbench.session.Priority;
import btrfs.workbench.session.RunSpec;
import btrfs.workbench.session.RunSpecException;
import btrfs.workbench.ui.l10n.Messages;

/**
 * Launch readahead...: the array, its trees (each a control), the key range, the strategy and
 * engine, reads in flight per device, coalescing, the pacing, O_DIRECT, scrub, following and recording — a
 * {@link RunSpec}, whose rules say what may not be combined. The last values are remembered.
 * Image files default to a pace a person can follow; the run is watched, so its threads keep
 * their normal priority.
 */
public final class LaunchReadaheadDialog extends TitleAreaDialog {

    /** Per read on images unless the user chose otherwise: a few seconds for a test array. */
    static final int IMAGE_LATENCY_MS = 40;

    /**
     * Normal priority, not the CLI's background default: the run is watched, and at nice 10 the
     * UI thread drawing the views takes the CPU from the very run they show (LiveViewsBenchmark:
     * watched/headless 1.02 to 1.09 in the background, 1.01 to 1.04 at normal priority).
     */
    static final Priority WATCHED_PRIORITY = Priority.NORMAL;

    private final List<BtrfsArray> arrays;
    private final IDialogSettings remembered;
    private BtrfsArray initial;
    private Combo arrayCombo;
    private CheckboxTableViewer treeList;
    private Text start;
    private Text end;
    private Combo strategy;
    private Combo engine;
    private Spinner maxInFlight;
    private Button coalesce;
    private Combo streamZones;
    private Button streamHelp;
    private Button streamLeaves;
    private Button hugePages;
    private Combo pacing;
    private Text pace;
    private Button seeks;
    private Button direct;
    private Button scrub;
    private Button followLeaves;
    private Button restarts;
    private Text record;
    private final ArrayTrees trees;
    private RunSpec result;
    private String shownError;

    public LaunchReadaheadDialog(Shell parent, List<BtrfsArray> arrays, BtrfsArray initial, IDialogSettings settings) {
        this(parent, arrays, initial, settings, new ArrayTrees());
    }

    /** @param trees where the arrays' trees are asked: here, or on the server the arrays are on */
    public LaunchReadaheadDialog(Shell parent, List<BtrfsArray> arrays, BtrfsArray initial, IDialogSettings settings,
            ArrayTrees trees) {
        super(parent);
        this.trees = trees;
        this.arrays = List.copyOf(arrays);
        this.initial = initial != null ? initial : arrays.isEmpty() ? null : arrays.get(0);
        this.remembered = settings;
    }

    /** What was chosen, after OK (and while the choices are valid). */
    public RunSpec result() {
        return result;
    }

    /** The array chosen. */
    public BtrfsArray array() {
        return initial;
    }

    /** How the user knows the array chosen: its label, or its fsid. */
    public String arrayName() {
        return ArrayCatalog.nameOf(initial);
    }

    // ---- for tests: the widgets a user would use

    Combo arrayCombo() {
        return arrayCombo;
    }

    CheckboxTableViewer treeList() {
        return treeList;
    }

    Combo strategyCombo() {
        return strategy;
    }

    Combo engineCombo() {
        return engine;
    }

    Button scrubButton() {
        return scrub;
    }

    Button coalesceButton() {
        return coalesce;
    }

    Combo streamZonesCombo() {
        return streamZones;
    }

    Button streamHelpButton() {
        return streamHelp;
    }

    Button streamLeavesButton() {
        return streamLeaves;
    }

    Button hugePagesButton() {
        return hugePages;
    }

    Spinner maxInFlightSpinner() {
        return maxInFlight;
    }

    Combo pacingCombo() {
        return pacing;
    }

    Text paceText() {
        return pace;
    }

    Button seeksButton() {
        return seeks;
    }

    Button directButton() {
        return direct;
    }

    Button restartsButton() {
        return restarts;
    }

    Text endText() {
        return end;
    }

    Button followLeavesButton() {
        return followLeaves;
    }

    Text recordText() {
        return record;
    }

    Text startText() {
        return start;
    }

    Button button(int id) {
        return getButton(id);
    }

    String errorMessage() {
        return shownError;
    }

    @Override
    public void setErrorMessage(String message) {
        shownError = message;
        super.setErrorMessage(message);
    }

    void validateNow() {
        validate();
    }

    void pressOk() {
        okPressed();
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        getShell().setText(Messages.Launch_title);
        setTitle(Messages.Launch_title);
        setMessage(Messages.Launch_message);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        createArrayAndTrees(form);
        createRange(form);
        createEngine(form);
        createPacing(form);
        createOptions(form);
        restore();
        selectArray(initial);
        return area;
    }

    private void createArrayAndTrees(Composite form) {
        label(form, Messages.Launch_array);
        arrayCombo = new Combo(form, SWT.READ_ONLY);
        arrays.forEach(a -> arrayCombo.add(name(a)));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(arrayCombo);
        arrayCombo.addListener(SWT.Selection, e -> selectArray(arrays.get(arrayCombo.getSelectionIndex())));
        Label treesLabel = label(form, Messages.Launch_trees);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(treesLabel);
        treeList = CheckboxTableViewer.newCheckList(form, SWT.BORDER | SWT.V_SCROLL);
        treeList.setContentProvider(ArrayContentProvider.getInstance());
        treeList.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return trees.describe((TreeRoot) element);
            }
        });
        treeList.addCheckStateListener(e -> validate());
        GridDataFactory.fillDefaults().grab(true, true).hint(420, 180).applyTo(treeList.getControl());
    }

    private void createRange(Composite form) {
        label(form, Messages.Launch_startKey);
        start = text(form, Messages.Launch_startHint);
        label(form, Messages.Launch_endKey);
        end = text(form, Messages.Launch_endHint);
    }

    private void createEngine(Composite form) {
        label(form, Messages.Launch_strategy);
        strategy = new Combo(form, SWT.READ_ONLY);
        for (Strategy s : Strategy.values()) {
            strategy.add(s.label());
        }
        strategy.addListener(SWT.Selection, e -> validate()); // scrub and following need reada
        label(form, Messages.Launch_engine);
        engine = new Combo(form, SWT.READ_ONLY);
        for (EngineMode m : EngineMode.values()) {
            engine.add(m.label());
        }
        engine.setToolTipText(Messages.Launch_engineTip);
        engine.addListener(SWT.Selection, e -> validate()); // v4.19 has none of the additions
        label(form, Messages.Launch_maxInFlight);
        maxInFlight = new Spinner(form, SWT.BORDER);
        maxInFlight.setValues(ReadaheadConfig.MAX_IN_FLIGHT, 1, 64, 0, 1, 4);
        label(form, "");
        coalesce = new Button(form, SWT.CHECK);
        coalesce.setText(Messages.Launch_coalesce);
        label(form, Messages.Launch_streamZones);
        streamZones = new Combo(form, SWT.READ_ONLY);
        for (StreamZones when : StreamZones.values()) {
            streamZones.add(when.label());
        }
        streamZones.setToolTipText(Messages.Launch_streamZonesTip);
        streamZones.addListener(SWT.Selection, e -> validate()); // no help without a stream
        label(form, "");
        streamHelp = new Button(form, SWT.CHECK);
        streamHelp.setText(Messages.Launch_streamHelp);
        streamHelp.setToolTipText(Messages.Launch_streamHelpTip);
        streamHelp.addListener(SWT.Selection, e -> validate());
        label(form, "");
        streamLeaves = new Button(form, SWT.CHECK);
        streamLeaves.setText(Messages.Launch_streamLeaves);
        streamLeaves.setToolTipText(Messages.Launch_streamLeavesTip);
        streamLeaves.addListener(SWT.Selection, e -> validate());
    }

    private void createPacing(Composite form) {
        label(form, Messages.Launch_pacing);
        Composite row = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(row);
        pacing = new Combo(row, SWT.READ_ONLY);
        for (Pacing p : Pacing.values()) {
            pacing.add(p.label());
        }
        pace = new Text(row, SWT.BORDER);
        GridDataFactory.fillDefaults().hint(80, SWT.DEFAULT).applyTo(pace);
        seeks = new Button(row, SWT.CHECK);
        seeks.setText(Messages.Launch_seeks);
        pacing.addListener(SWT.Selection, e -> validate());
        pace.addListener(SWT.Modify, e -> validate());
        label(form, "");
        direct = new Button(form, SWT.CHECK);
        direct.setText(Messages.Launch_direct);
        label(form, "");
        hugePages = new Button(form, SWT.CHECK);
        hugePages.setText(Messages.Launch_hugePages);
        hugePages.setToolTipText(Messages.Launch_hugePagesTip);
    }

    /** Beyond v4.19's readahead: scrub, following, recording (the first two for reada only). */
    private void createOptions(Composite form) {
        label(form, "");
        scrub = new Button(form, SWT.CHECK);
        scrub.setText(Messages.Launch_scrub);
        scrub.addListener(SWT.Selection, e -> validate());
        label(form, "");
        followLeaves = new Button(form, SWT.CHECK);
        followLeaves.setText(Messages.Launch_followLeaves);
        followLeaves.addListener(SWT.Selection, e -> validate());
        label(form, "");
        restarts = new Button(form, SWT.CHECK);
        restarts.setText(Messages.Launch_restarts);
        restarts.addListener(SWT.Selection, e -> validate());
        createRecord(form);
    }

    /** The file the run is recorded to (for the Replay view), with a Browse button; empty: none. */
    private void createRecord(Composite form) {
        label(form, Messages.Launch_recordTo);
        Composite row = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
        record = text(row, Messages.Launch_recordHint);
        Button browse = new Button(row, SWT.PUSH);
        browse.setText(Messages.Launch_browse);
        browse.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(getShell(), SWT.SAVE);
            dialog.setFilterExtensions(new String[] { "*.rec.gz" });
            dialog.setFileName("readahead.rec.gz");
            dialog.setOverwrite(true);
            String chosen = dialog.open();
            if (chosen != null) {
                record.setText(chosen);
            }
        });
    }

    private static Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        return label;
    }

    private Text text(Composite parent, String hint) {
        Text text = new Text(parent, SWT.BORDER);
        text.setMessage(hint);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(text);
        text.addListener(SWT.Modify, e -> validate());
        return text;
    }

    private static String name(BtrfsArray a) {
        String label = a.label().isEmpty() ? Messages.Common_noLabel : a.label();
        return NLS.bind(Messages.Launch_arrayItem,
                new Object[] { label, a.fsid(), a.presentDevices(), a.numDevices() });
    }

    private void selectArray(BtrfsArray array) {
        if (array == null) {
            setErrorMessage(Messages.Launch_noArrayFound);
            return;
        }
        initial = array;
        arrayCombo.select(arrays.indexOf(array));
        String[] problem = new String[1];
        // a server answers over ssh in a moment: say that the dialog is busy meanwhile
        BusyIndicator.showWhile(getShell().getDisplay(), () -> problem[0] = trees.load(array));
        List<TreeRoot> roots = trees.roots();
        treeList.setInput(roots);
        roots.stream().filter(r -> r.id() == ObjectIds.FS_TREE).forEach(r -> treeList.setChecked(r, true));
        if (problem[0] != null) {
            setErrorMessage(problem[0]);
        }
        validate();
    }

    private void restore() {
        strategy.select(Math.max(0, strategy.indexOf(stored("strategy", Strategy.READA.label()))));
        engine.select(Math.max(0, engine.indexOf(stored("engine", EngineMode.WORKBENCH.label()))));
        maxInFlight.setSelection(storedInt("maxInFlight", ReadaheadConfig.MAX_IN_FLIGHT));
        boolean images = initial != null && initial.devices().stream().allMatch(d -> !d.path().startsWith("/dev/"));
        Pacing defaultPacing = images ? Pacing.LATENCY : Pacing.NONE;
        pacing.select(Pacing.valueOf(stored("pacing", defaultPacing.name())).ordinal());
        pace.setText(stored("pace", Integer.toString(IMAGE_LATENCY_MS)));
        seeks.setSelection(Boolean.parseBoolean(stored("seeks", "false")));
        direct.setSelection(Boolean.parseBoolean(stored("direct", "false")));
        hugePages.setSelection(Boolean.parseBoolean(stored("hugePages", Boolean.toString(ReadaheadConfig.HUGE_PAGES))));
        coalesce.setSelection(Boolean.parseBoolean(stored("coalesce", Boolean.toString(RunSpec.COALESCE_BY_DEFAULT))));
        streamZones.select(Math.max(0, streamZones.indexOf(stored("streamZones",
                RunSpec.STREAM_ZONES_BY_DEFAULT.label()))));
        streamHelp.setSelection(Boolean.parseBoolean(stored("streamHelp",
                Boolean.toString(ReadaheadConfig.STREAM_HELP))));
        streamLeaves.setSelection(Boolean.parseBoolean(stored("streamLeaves",
                Boolean.toString(ReadaheadConfig.STREAM_LEAVES))));
        scrub.setSelection(Boolean.parseBoolean(stored("scrub", "false")));
        followLeaves.setSelection(Boolean.parseBoolean(stored("followLeaves", "false")));
        restarts.setSelection(Boolean.parseBoolean(stored("restarts", "false")));
        start.setText(stored("start", ""));
        end.setText(stored("end", ""));
    }

    private String stored(String key, String otherwise) {
        String value = remembered == null ? null : remembered.get(key);
        return value == null ? otherwise : value;
    }

    private int storedInt(String key, int otherwise) {
        try {
            return Integer.parseInt(stored(key, Integer.toString(otherwise)));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private void remember() {
        if (remembered == null) {
            return;
        }
        remembered.put("strategy", strategy.getText());
        remembered.put("engine", engine.getText());
        remembered.put("maxInFlight", maxInFlight.getSelection());
        remembered.put("pacing", Pacing.values()[pacing.getSelectionIndex()].name());
        remembered.put("pace", pace.getText());
        remembered.put("seeks", seeks.getSelection());
        remembered.put("direct", direct.getSelection());
        remembered.put("hugePages", hugePages.getSelection());
        remembered.put("coalesce", coalesce.getSelection());
        remembered.put("streamZones", streamZones.getText());
        remembered.put("streamHelp", streamHelp.getSelection());
        remembered.put("streamLeaves", streamLeaves.getSelection());
        remembered.put("scrub", scrub.getSelection());
        remembered.put("followLeaves", followLeaves.getSelection());
        remembered.put("restarts", restarts.getSelection());
        remembered.put("start", start.getText());
        remembered.put("end", end.getText());
    }

    /** Builds the settings from the widgets, or says what is wrong (and disables OK). */
    private void validate() {
        result = null;
        try {
            result = spec();
            setErrorMessage(null);
        } catch (RunSpecException e) {
            setErrorMessage(e.forDialog());
        } catch (IllegalArgumentException e) {
            setErrorMessage(e.getMessage());
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(result != null);
        }
    }

    /**
     * The run the widgets describe; the spec's rules say what may not be combined. The v4.19
     * engine has none of the workbench's additions: their boxes are disabled (and keep their
     * state for the next workbench run).
     */
    private RunSpec spec() {
        if (initial == null) {
            throw new IllegalArgumentException(Messages.Launch_noArray);
        }
        EngineMode mode = EngineMode.of(engine.getText());
        boolean additions = mode == EngineMode.WORKBENCH;
        for (Button b : List.of(coalesce, scrub, followLeaves, restarts)) {
            b.setEnabled(additions);
        }
        Strategy how = Strategy.of(strategy.getText());
        boolean streams = ReadaheadConfig.canStream(how, mode, scrub.getSelection());
        streamZones.setEnabled(streams);
        StreamZones when = streams ? StreamZones.values()[Math.max(0, streamZones.getSelectionIndex())]
                : RunSpec.STREAM_ZONES_BY_DEFAULT;
        streamHelp.setEnabled(streams && when != StreamZones.OFF);
        streamLeaves.setEnabled(streams && when == StreamZones.AUTO); // how the automatic stream reads
        List<Long> chosen = new ArrayList<>();
        for (Object checked : treeList.getCheckedElements()) {
            chosen.add(((TreeRoot) checked).id());
        }
        Key from = start.getText().isBlank() ? Key.MIN : Key.parse(start.getText());
        Key to = end.getText().isBlank() ? Key.MAX : Key.parse(end.getText());
        IoModel io = Pacing.values()[Math.max(0, pacing.getSelectionIndex())].model(pace.getText(), seeks.getSelection());
        return RunSpec.builder().devicesOf(initial).trees(chosen).range(from, to).strategy(how)
                .engine(mode).maxInFlight(maxInFlight.getSelection())
                .coalesce(additions && coalesce.getSelection()).io(io).direct(direct.getSelection())
                .hugePages(hugePages.getSelection())
                .scrub(additions && scrub.getSelection())
                .streamZones(when).streamHelp(streamHelp.getSelection()).streamLeaves(streamLeaves.getSelection())
                .following(additions ? new Following(followLeaves.getSelection(), restarts.getSelection())
                        : Following.NONE)
                .priority(WATCHED_PRIORITY)
                .outputs(new RunSpec.Outputs(null, recordFile(), null, null)).build();
    }

    /** The recording's file, or null; its folder must exist (the file is created or replaced). */
    private Path recordFile() {
        String text = record.getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        Path file = Path.of(text).toAbsolutePath();
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException(NLS.bind(Messages.Launch_noFolder, file.getParent()));
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(NLS.bind(Messages.Launch_isFolder, file));
        }
        return file;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.Launch_launch, true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        validate();
    }

    @Override
    protected void okPressed() {
        validate();
        if (result == null) {
            return;
        }
        remember();
        super.okPressed();
    }

    /** The pacing choices and how their value is read. */
    enum Pacing {
        NONE(Messages.Launch_pacingNone), LATENCY(Messages.Launch_pacingLatency),
        BANDWIDTH(Messages.Launch_pacingBandwidth);

        private final String label;

        Pacing(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        IoModel model(String value, boolean seeks) {
            if (this == NONE) {
                return new IoModel(Duration.ZERO, 0, seeks);
            }
            double number;
            try {
                number = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(NLS.bind(Messages.Launch_paceNotNumber, value));
            }
            if (!(number > 0 && number <= 1_000_000)) {
                throw new IllegalArgumentException(Messages.Launch_paceNotPositive);
            }
            return this == LATENCY ? new IoModel(Duration.ofNanos((long) (number * 1e6)), 0, seeks)
                    : new IoModel(Duration.ZERO, (long) (number * 1e6), seeks);
        }
    }
}

package btrfs.workbench.ui.prefs;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import btrfs.workbench.ui.l10n.Messages;

/** Window > Preferences > Btrfs Workbench. */
public final class WorkbenchPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public WorkbenchPreferencePage() {
        super(GRID);
        setDescription(Messages.WorkbenchPreferencePage_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(WorkbenchPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new BooleanFieldEditor(WorkbenchPreferences.AUTO_SNAPSHOT_ON_ERROR,
                Messages.WorkbenchPreferencePage_autoSnapshot, getFieldEditorParent()));
        addField(new FolderToBeEditor(WorkbenchPreferences.AUTO_SNAPSHOT_DIR, Messages.WorkbenchPreferencePage_folder,
                getFieldEditorParent()));
    }

    /**
     * A folder that may not exist yet: it is created when the first snapshot is saved. Only a
     * relative path or an existing file in its place is refused.
     */
    private static final class FolderToBeEditor extends DirectoryFieldEditor {

        FolderToBeEditor(String name, String label, Composite parent) {
            super(name, label, parent);
            setErrorMessage(Messages.WorkbenchPreferencePage_folderError);
        }

        @Override
        protected boolean doCheckState() {
            String text = getStringValue().trim();
            if (text.isEmpty()) {
                return true; // the default folder
            }
            Path path = Path.of(text);
            return path.isAbsolute() && !Files.isRegularFile(path);
        }
    }
}

package btrfs.workbench.ui.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.DialogSettings;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import btrfs.workbench.session.remote.Server;
import btrfs.workbench.ui.testing.Screenshots;

/**
 * File > Connect to server...: the fields make the server (host, user, port, identity, the
 * workbench there, what to scan), a bad port or no host keeps Connect disabled with the reason,
 * and the choices are remembered for the next time.
 */
class ConnectServerDialogTest {

    @Test
    void theFieldsMakeTheServerAndAreRemembered() throws Exception {
        DialogSettings settings = new DialogSettings("connect");
        ConnectServerDialog dialog = open(settings);
        List<Text> fields = texts(dialog);
        assertEquals(6, fields.size(), "host, user, port, identity, workbench, paths");
        assertEquals(Server.DEFAULT_COMMAND, fields.get(4).getText());
        assertFalse(dialog.okButton().isEnabled(), "no host yet");
        fields.get(0).setText("nas.example");
        fields.get(1).setText("admin");
        fields.get(2).setText("22x");
        assertFalse(dialog.okButton().isEnabled(), "a port that is no number");
        assertNotNull(dialog.getErrorMessage());
        fields.get(2).setText("2222");
        fields.get(3).setText("/home/admin/.ssh/id_nas");
        fields.get(4).setText("/opt/btrfs-workbench/btrfs-workbench");
        fields.get(5).setText("/srv/images /dev/sdb");
        assertTrue(dialog.okButton().isEnabled(), String.valueOf(dialog.getErrorMessage()));
        Screenshots.save(dialog.getShell(), "connect-dialog.png");
        dialog.pressOk();
        assertEquals(new Server("admin", "nas.example", 2222, Path.of("/home/admin/.ssh/id_nas"),
                "/opt/btrfs-workbench/btrfs-workbench", List.of("/srv/images", "/dev/sdb"), List.of()), dialog.result());

        ConnectServerDialog again = open(settings);
        List<String> remembered = texts(again).stream().map(Text::getText).toList();
        assertEquals(List.of("nas.example", "admin", "2222", "/home/admin/.ssh/id_nas",
                "/opt/btrfs-workbench/btrfs-workbench", "/srv/images /dev/sdb"), remembered);
        again.close();
    }

    private static ConnectServerDialog open(DialogSettings settings) {
        ConnectServerDialog dialog = new ConnectServerDialog(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), settings);
        dialog.setBlockOnOpen(false);
        dialog.open();
        return dialog;
    }

    /** The dialog's text fields in the order they are laid out. */
    private static List<Text> texts(ConnectServerDialog dialog) {
        List<Text> found = new ArrayList<>();
        collect(dialog.getShell(), found);
        return found;
    }

    private static void collect(Control control, List<Text> found) {
        if (control instanceof Text text && (text.getStyle() & SWT.BORDER) != 0) {
            found.add(text);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, found);
            }
        }
    }
}

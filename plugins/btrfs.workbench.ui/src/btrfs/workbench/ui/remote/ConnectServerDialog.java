package btrfs.workbench.ui.remote;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import btrfs.workbench.session.remote.Server;
import btrfs.workbench.ui.l10n.Messages;

/**
 * File > Connect to server...: where the arrays are — host, user, port, an identity file, the
 * workbench's start script there and what to scan there. Remembered for next time; no password
 * field: ssh logs in with keys and the agent, as on the command line.
 */
public final class ConnectServerDialog extends TitleAreaDialog {

    private final IDialogSettings remembered;
    private Text host;
    private Text user;
    private Text port;
    private Text identity;
    private Text command;
    private Text paths;
    private Server result;

    public ConnectServerDialog(Shell parent, IDialogSettings settings) {
        super(parent);
        this.remembered = settings;
    }

    /** The server chosen, after OK. */
    public Server result() {
        return result;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Connect_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(Messages.Connect_title);
        setMessage(Messages.Connect_message);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        host = field(form, Messages.Connect_host, "host");
        user = field(form, Messages.Connect_user, "user");
        port = field(form, Messages.Connect_port, "port");
        identity = field(form, Messages.Connect_identity, "identity");
        browseButton(form);
        command = field(form, Messages.Connect_command, "command");
        if (command.getText().isEmpty()) {
            command.setText(Server.DEFAULT_COMMAND);
        }
        paths = field(form, Messages.Connect_paths, "paths");
        host.addModifyListener(e -> validate());
        port.addModifyListener(e -> validate());
        user.addModifyListener(e -> validate());
        return area;
    }

    private Text field(Composite form, String label, String key) {
        new Label(form, SWT.NONE).setText(label);
        Text text = new Text(form, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT)
                .span(key.equals("identity") ? 1 : 2, 1).applyTo(text);
        String value = remembered == null ? null : remembered.get(key);
        text.setText(value == null ? "" : value);
        return text;
    }

    private void browseButton(Composite form) {
        Button browse = new Button(form, SWT.PUSH);
        browse.setText(Messages.Connect_browse);
        browse.addListener(SWT.Selection, e -> {
            FileDialog files = new FileDialog(getShell(), SWT.OPEN);
            files.setFilterPath(System.getProperty("user.home") + "/.ssh");
            String chosen = files.open();
            if (chosen != null) {
                identity.setText(chosen);
            }
        });
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText(Messages.Connect_connect);
        validate();
    }

    /** The server the fields describe, or null with the reason shown. */
    private Server server() {
        try {
            String portText = port.getText().strip();
            int number = portText.isEmpty() ? 0 : Integer.parseInt(portText);
            String login = user.getText().strip();
            String key = identity.getText().strip();
            List<String> scanned = Arrays.stream(paths.getText().strip().split("\\s+")).filter(p -> !p.isEmpty())
                    .toList();
            return new Server(login.isEmpty() ? null : login, host.getText().strip(), number,
                    key.isEmpty() ? null : Path.of(key), command.getText(), scanned, List.of());
        } catch (NumberFormatException e) {
            setErrorMessage(Messages.Connect_badPort);
            return null;
        } catch (IllegalArgumentException | NullPointerException e) {
            setErrorMessage(host.getText().isBlank() ? Messages.Connect_noHost : e.getMessage());
            return null;
        }
    }

    private void validate() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok == null) {
            return;
        }
        setErrorMessage(null);
        ok.setEnabled(server() != null);
    }

    @Override
    protected void okPressed() {
        result = server();
        if (result == null) {
            return;
        }
        if (remembered != null) {
            remembered.put("host", host.getText().strip());
            remembered.put("user", user.getText().strip());
            remembered.put("port", port.getText().strip());
            remembered.put("identity", identity.getText().strip());
            remembered.put("command", command.getText().strip());
            remembered.put("paths", paths.getText().strip());
        }
        super.okPressed();
    }

    /** Connect (tests: enabled only for a server the fields make). */
    Button okButton() {
        return getButton(IDialogConstants.OK_ID);
    }

    /** What Connect does (tests). */
    void pressOk() {
        okPressed();
    }

    @Override
    protected boolean isResizable() {
        return true;
    }
}

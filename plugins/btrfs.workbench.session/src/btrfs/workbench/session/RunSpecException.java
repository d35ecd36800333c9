package btrfs.workbench.session;

/**
 * A {@link RunSpec} that breaks one of its rules. The message names the command line's options
 * (what the CLI prints); {@link #forDialog()} says the same in the words of the launch dialog.
 */
public final class RunSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final SpecRule rule;
    private final String forDialog;

    public RunSpecException(SpecRule rule, String forCommandLine, String forDialog) {
        super(forCommandLine);
        this.rule = rule;
        this.forDialog = forDialog;
    }

    /** The rule broken. */
    public SpecRule rule() {
        return rule;
    }

    /** The problem as the launch dialog shows it. */
    public String forDialog() {
        return forDialog;
    }
}

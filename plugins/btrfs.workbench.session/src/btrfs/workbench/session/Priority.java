package btrfs.workbench.session;

/** How the engine's threads compete for the machine: the CLI's {@code --priority}. */
public enum Priority {
    /**
     * Idle I/O class, as the kernel's readahead bios ({@code BTRFS_IOPRIO_READA}), and nice 10:
     * a readahead yields to everything else. The CLI's default.
     */
    BACKGROUND("background"),
    /** The threads' priority left as it is: what a watched run in the GUI uses. */
    NORMAL("normal");

    private final String label;

    Priority(String label) {
        this.label = label;
    }

    /** "background" or "normal", as on the command line. */
    public String label() {
        return label;
    }

    /** The priority named {@code label}. */
    public static Priority of(String label) {
        for (Priority p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new RunSpecException(SpecRule.PRIORITY, "--priority is background or normal, not '" + label + "'",
                "The priority is background or normal.");
    }
}

package btrfs.workbench.discovery.system;

/** A device number as sysfs {@code dev} files and mountinfo write it: {@code MAJOR:MINOR}. */
record DevNumber(int major, int minor) {

    /** @return the number, or {@code null} when the text is missing or not {@code MAJOR:MINOR} */
    static DevNumber parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new DevNumber(Integer.parseInt(text.substring(0, colon).trim()),
                    Integer.parseInt(text.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean is(int major, int minor) {
        return this.major == major && this.minor == minor;
    }
}

package btrfs.workbench.metadata;

import java.util.Locale;

/** Byte counts as btrfs-progs prints them by default (binary units, two decimals: "128.00MiB"). */
public final class PrettySize {

    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    private PrettySize() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
    }
}

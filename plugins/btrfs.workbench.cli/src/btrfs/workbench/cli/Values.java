package btrfs.workbench.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * Option values as typed: numbers, sizes and durations, each a usage error naming the option when
 * it is not one. Whether a value is in range is the run's rule ({@code RunSpec}), not the parser's.
 */
final class Values {

    private Values() {
    }

    /** A number, or {@code otherwise} when the option was not given. */
    static double number(String text, String option, double otherwise) throws CliException {
        if (text == null) {
            return otherwise;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " needs a number, not '" + text + "'");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw CliException.usage(option + " needs a number, not '" + text + "'");
        }
        return value;
    }

    static int wholeNumber(String text, String option, int otherwise) throws CliException {
        double value = number(text, option, otherwise);
        if (value != Math.rint(value) || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw CliException.usage(option + " needs a whole number, not " + text);
        }
        return (int) value;
    }

    /** Seconds as a duration, or {@code otherwise} when the option was not given. */
    static Duration seconds(String text, String option, Duration otherwise) throws CliException {
        return text == null ? otherwise : Duration.ofNanos(Math.round(number(text, option, 0) * 1e9));
    }

    /** Milliseconds as a duration (zero when the option was not given). */
    static Duration millis(String text, String option) throws CliException {
        return Duration.ofNanos(Math.round(number(text, option, 0) * 1e6));
    }

    /** A byte count: a whole number, optionally with the suffix K or M (KiB, MiB). */
    static long size(String text, String option, long otherwise) throws CliException {
        if (text == null) {
            return otherwise;
        }
        String digits = text.toUpperCase(Locale.ROOT);
        long unit = digits.endsWith("K") ? 1024 : digits.endsWith("M") ? 1024 * 1024 : 1;
        if (unit > 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw CliException.usage(option + " needs a size such as 65536, 64K or 1M, not '" + text + "'");
        }
    }
}

package btrfs.workbench.cli;

import java.util.List;

import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A command line picocli could not parse, said the way the CLI says usage errors. */
final class Usage {

    private Usage() {
    }

    static String problem(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(u);
        }
        if (e instanceof MissingParameterException m && missingOptionValue(m.getMissing())) {
            return ((OptionSpec) m.getMissing().get(0)).longestName() + " needs a value";
        }
        return e.getMessage();
    }

    private static String unmatched(UnmatchedArgumentException u) {
        String first = u.getUnmatched().get(0);
        if (first.startsWith("-")) {
            return "unknown option " + first;
        }
        boolean atTop = u.getCommandLine().getParent() == null;
        return atTop ? "unknown command '" + first + "'" : "unexpected argument '" + first + "'";
    }

    private static boolean missingOptionValue(List<ArgSpec> missing) {
        return missing.size() == 1 && missing.get(0).isOption();
    }
}

package btrfs.workbench.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Parameters;

/** The DEV... of a command that reads an array: every device or image of it, any order. */
final class ArrayDevices {

    @Parameters(paramLabel = "DEV", arity = "0..*", description = "every device or image of the array, any order")
    List<String> devices = new ArrayList<>();
}

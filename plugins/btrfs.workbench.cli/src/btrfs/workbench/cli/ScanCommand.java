package btrfs.workbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.ScanMonitor;
import btrfs.workbench.discovery.ScanResult;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.session.ArrayCatalog;

/**
 * {@code scan [--json] [PATH...]}: the btrfs filesystems on this machine's block devices, or on
 * the given devices, images and directories, grouped by fsid. Devices that cannot be read are
 * listed with the reason; without PATHs that is not an error (a normal user cannot read disks),
 * a PATH named explicitly that cannot be used is (exit 2).
 */
@Command(name = "scan", description = "btrfs filesystems on this machine's devices, or on those paths")
final class ScanCommand extends CliCommand {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "devices, images (.zst too) or directories")
    List<Path> paths = new ArrayList<>();

    ScanCommand(Io io) {
        super(io);
    }

    @Override
    int run(PrintStream out, PrintStream err) {
        ArrayCatalog catalog = new ArrayCatalog();
        catalog.setTargets(paths);
        ScanResult result = catalog.scan(ScanMonitor.NONE);
        if (json) {
            Json.print(toJson(result), out);
        } else {
            printText(result, out);
        }
        result.unreadable().forEach(u -> err.println("btrfs-workbench: " + u.path() + ": " + u.reason()));
        boolean namedUnusable = !paths.isEmpty() && !result.unreadable().isEmpty();
        return namedUnusable ? Cli.BAD_INPUT : Cli.OK;
    }

    private static ObjectNode toJson(ScanResult result) {
        ObjectNode root = Json.object();
        ArrayNode filesystems = root.putArray("filesystems");
        result.arrays().forEach(a -> filesystems.add(arrayJson(a)));
        ArrayNode unreadable = root.putArray("unreadable");
        for (Unreadable u : result.unreadable()) {
            ObjectNode node = unreadable.addObject();
            node.put("path", u.path().toString());
            node.put("reason", u.reason());
        }
        return root;
    }

    private static ObjectNode arrayJson(BtrfsArray a) {
        ObjectNode node = Json.object();
        node.put("fsid", a.fsid().toString());
        node.put("metadata_uuid", a.metadataUuid().toString());
        node.put("label", a.label());
        Json.putU64(node, "generation", a.generation());
        node.put("nodesize", a.nodesize());
        node.put("sectorsize", a.sectorsize());
        node.put("csum_type", a.csumType());
        Json.putU64(node, "num_devices", a.numDevices());
        node.put("mounted", a.mounted());
        ArrayNode mountpoints = node.putArray("mountpoints");
        a.mountpoints().forEach(m -> mountpoints.add(m.toString()));
        ArrayNode devices = node.putArray("devices");
        a.devices().forEach(d -> devices.add(deviceJson(d)));
        ArrayNode missing = node.putArray("missing_devids");
        a.missingDevids().forEach(devid -> Json.addU64(missing, devid));
        ArrayNode warnings = node.putArray("warnings");
        a.warnings().forEach(warnings::add);
        return node;
    }

    private static ObjectNode deviceJson(ArrayDevice d) {
        ObjectNode node = Json.object();
        Json.putU64(node, "devid", d.devid());
        node.put("path", d.path().toString());
        node.put("uuid", d.uuid() == null ? null : d.uuid().toString());
        Json.putU64(node, "size", d.size());
        Json.putU64(node, "bytes_used", d.bytesUsed());
        Json.putU64(node, "generation", d.generation());
        node.put("present", true);
        if (d.info().rotational() == null) {
            node.putNull("rotational");
        } else {
            node.put("rotational", d.info().rotational());
        }
        node.put("model", d.info().model());
        node.put("backing_file", d.info().backingFile() == null ? null : d.info().backingFile().toString());
        return node;
    }

    /** Like {@code btrfs filesystem show}. */
    private static void printText(ScanResult result, PrintStream out) {
        for (BtrfsArray a : result.arrays()) {
            out.printf("Label: %s  uuid: %s%n", a.label().isEmpty() ? "none" : "'" + a.label() + "'", a.fsid());
            out.printf("\tTotal devices %d generation %d%s%n", a.numDevices(), a.generation(),
                    a.mounted() ? "  mounted on " + String.join(", ", a.mountpoints().stream().map(Path::toString).toList())
                            : "");
            for (ArrayDevice d : a.devices()) {
                out.printf("\tdevid %4d size %s used %s path %s%n", d.devid(), PrettySize.format(d.size()),
                        PrettySize.format(d.bytesUsed()), d.path());
            }
            if (!a.missingDevids().isEmpty()) {
                out.println("\t*** Some devices missing: devid " + String.join(", ",
                        a.missingDevids().stream().map(Long::toUnsignedString).toList()));
            }
            a.warnings().forEach(w -> out.println("\twarning: " + w));
            out.println();
        }
    }
}

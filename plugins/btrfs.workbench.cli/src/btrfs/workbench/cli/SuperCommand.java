package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockCopies;
import btrfs.workbench.metadata.SuperblockRead;
import btrfs.workbench.metadata.SuperblockReader;

/**
 * {@code super [--json] PATH...}: the newest valid superblock copy of each device or image
 * (checksum verified), and what is wrong with the other copies.
 */
@Command(name = "super", description = "superblock summary of devices or images (newest valid copy; damaged copies "
        + "on stderr)")
final class SuperCommand extends CliCommand {

    @Option(names = "--json", description = "print JSON (an array for several PATHs)")
    boolean json;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "devices or images (.zst too)")
    List<String> paths = new ArrayList<>();

    SuperCommand(Io io) {
        super(io);
    }

    /** The copies of one device and the one that counts. */
    private record Report(String path, Superblock newest, List<SuperblockRead> copies) {

        /** Damaged or unreadable copies: the filesystem has an error even when another copy is good. */
        List<SuperblockRead.Invalid> problems() {
            return copies.stream().filter(SuperblockRead.Invalid.class::isInstance).map(SuperblockRead.Invalid.class::cast)
                    .filter(i -> !i.notBtrfs()).toList();
        }
    }

    @Override
    int run(PrintStream out, PrintStream err) throws CliException {
        if (paths.isEmpty()) {
            throw CliException.usage("super needs at least one PATH");
        }
        int exit = Cli.OK;
        ArrayNode reports = Json.array();
        for (String path : paths) {
            try {
                Report report = read(path);
                for (SuperblockRead.Invalid bad : report.problems()) {
                    err.println("btrfs-workbench: " + path + ": superblock copy at " + bad.bytenr() + ": " + bad.reason());
                    exit = Math.max(exit, Cli.FS_ERRORS);
                }
                if (json) {
                    reports.add(toJson(report));
                } else {
                    print(report, out);
                }
            } catch (CliException e) {
                e.print(err);
                exit = Math.max(exit, e.exitCode());
            }
        }
        if (json && !reports.isEmpty()) {
            Json.print(paths.size() == 1 ? reports.get(0) : reports, out);
        }
        return exit;
    }

    private static Report read(String arg) throws CliException {
        Path readPath = Inputs.readable(arg);
        try (ReadOnlyDevice device = ReadOnlyDevice.open(readPath)) {
            SuperblockCopies copies = SuperblockReader.read(device);
            Superblock newest = copies.newestValid().orElseThrow(() -> failure(arg, copies.primary()));
            return new Report(arg, newest, copies.copies());
        } catch (AccessDeniedException e) {
            throw Inputs.permissionDenied(Path.of(arg), e);
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, arg + ": " + e.getMessage(), e);
        }
    }

    private static CliException failure(String path, SuperblockRead primary) {
        SuperblockRead.Invalid invalid = (SuperblockRead.Invalid) primary;
        return switch (invalid.problem()) {
            case NOT_BTRFS -> new CliException(Cli.BAD_INPUT, path + ": not btrfs: " + invalid.reason());
            case UNREADABLE -> new CliException(Cli.BAD_INPUT, path + ": " + invalid.reason());
            case DAMAGED -> new CliException(Cli.FS_ERRORS, path + ": bad superblock: " + invalid.reason());
        };
    }

    private static void print(Report report, PrintStream out) {
        Superblock sb = report.newest();
        out.println(report.path());
        row(out, "label", sb.label().isEmpty() ? "(none)" : sb.label());
        row(out, "fsid", sb.fsid());
        row(out, "metadata_uuid", sb.metadataUuid());
        row(out, "devid", Long.toUnsignedString(sb.devItem().devid()) + " (num_devices " + Long.toUnsignedString(sb.numDevices()) + ")");
        row(out, "dev_uuid", sb.devItem().uuid());
        row(out, "generation", Long.toUnsignedString(sb.generation()));
        row(out, "nodesize", sb.nodesize());
        row(out, "sectorsize", sb.sectorsize());
        row(out, "stripesize", sb.stripesize());
        row(out, "csum_type", csumName(sb) + " (" + sb.csumTypeId() + ")");
        row(out, "total_bytes", sizeText(sb.totalBytes()));
        row(out, "bytes_used", sizeText(sb.bytesUsed()));
        row(out, "dev_size", sizeText(sb.devItem().totalBytes()));
        row(out, "root", Long.toUnsignedString(sb.root()) + " level " + sb.rootLevel());
        row(out, "chunk_root", Long.toUnsignedString(sb.chunkRoot()) + " level " + sb.chunkRootLevel());
        row(out, "log_root", Long.toUnsignedString(sb.logRoot()) + " level " + sb.logRootLevel());
        row(out, "flags", String.join(" | ", sb.flagNames()));
        row(out, "incompat_flags", String.join(" | ", sb.incompatFlagNames()));
        row(out, "compat_ro_flags", String.join(" | ", sb.compatRoFlagNames()));
        for (SuperblockRead copy : report.copies()) {
            row(out, "copy " + copy.bytenr(), copyText(copy));
        }
    }

    private static String copyText(SuperblockRead copy) {
        return switch (copy) {
            case SuperblockRead.Valid valid -> "valid, generation " + Long.toUnsignedString(valid.superblock().generation());
            case SuperblockRead.Invalid invalid -> "invalid: " + invalid.reason();
        };
    }

    private static String sizeText(long bytes) {
        return Long.toUnsignedString(bytes) + " (" + PrettySize.format(bytes) + ")";
    }

    private static String csumName(Superblock sb) {
        return sb.csumType().map(t -> t.displayName()).orElse("unknown");
    }

    private static void row(PrintStream out, String key, Object value) {
        out.printf("\t%-16s%s%n", key, value);
    }

    private static ObjectNode toJson(Report report) {
        Superblock sb = report.newest();
        ObjectNode node = Json.object();
        node.put("path", report.path());
        node.put("label", sb.label());
        node.put("fsid", sb.fsid().toString());
        node.put("metadata_uuid", sb.metadataUuid().toString());
        Json.putU64(node, "devid", sb.devItem().devid());
        Json.putU64(node, "num_devices", sb.numDevices());
        node.put("dev_uuid", sb.devItem().uuid().toString());
        Json.putU64(node, "generation", sb.generation());
        node.put("nodesize", sb.nodesize());
        node.put("sectorsize", sb.sectorsize());
        node.put("stripesize", sb.stripesize());
        node.put("csum_type", csumName(sb));
        node.put("csum_type_id", sb.csumTypeId());
        Json.putU64(node, "total_bytes", sb.totalBytes());
        Json.putU64(node, "bytes_used", sb.bytesUsed());
        Json.putU64(node, "dev_total_bytes", sb.devItem().totalBytes());
        Json.putU64(node, "dev_bytes_used", sb.devItem().bytesUsed());
        Json.putU64(node, "root", sb.root());
        node.put("root_level", sb.rootLevel());
        Json.putU64(node, "chunk_root", sb.chunkRoot());
        node.put("chunk_root_level", sb.chunkRootLevel());
        Json.putU64(node, "chunk_root_generation", sb.chunkRootGeneration());
        Json.putU64(node, "log_root", sb.logRoot());
        node.put("log_root_level", sb.logRootLevel());
        names(node.putArray("flags"), sb.flagNames());
        names(node.putArray("incompat_flags"), sb.incompatFlagNames());
        names(node.putArray("compat_ro_flags"), sb.compatRoFlagNames());
        ArrayNode copies = node.putArray("copies");
        for (SuperblockRead copy : report.copies()) {
            ObjectNode c = copies.addObject();
            Json.putU64(c, "bytenr", copy.bytenr());
            c.put("valid", copy instanceof SuperblockRead.Valid);
            switch (copy) {
                case SuperblockRead.Valid valid -> Json.putU64(c, "generation", valid.superblock().generation());
                case SuperblockRead.Invalid invalid -> c.put("reason", invalid.reason());
            }
        }
        return node;
    }

    private static void names(ArrayNode array, List<String> names) {
        names.forEach(array::add);
    }
}

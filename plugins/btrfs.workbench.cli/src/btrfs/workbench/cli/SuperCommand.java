package btrfs.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import btrfs.workbench.discovery.CompressedImages;
import btrfs.workbench.discovery.ImageScanner;
import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.ReadOnlyDevice;
import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockRead;
import btrfs.workbench.metadata.SuperblockReader;

/** {@code super PATH...}: the primary superblock of each device or image, checksum verified. */
final class SuperCommand implements Command {

    @Override
    public String name() {
        return "super";
    }

    @Override
    public String usage() {
        return "PATH...  the superblock summary of devices or images (.zst images are unpacked to a cache)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliException {
        if (args.isEmpty()) {
            throw CliException.usage("super needs at least one PATH");
        }
        if (args.size() == 1) {
            print(args.get(0), readPrimary(Path.of(args.get(0))), out);
            return Cli.OK;
        }
        // Several paths: report each failure and go on; the worst failure decides the exit code.
        int exit = Cli.OK;
        for (String arg : args) {
            try {
                print(arg, readPrimary(Path.of(arg)), out);
            } catch (CliException e) {
                err.println("btrfs-workbench: " + e.getMessage());
                exit = Math.max(exit, e.exitCode());
            }
        }
        return exit;
    }

    private static Superblock readPrimary(Path path) throws CliException {
        if (!Files.exists(path)) {
            throw new CliException(Cli.BAD_INPUT, path + ": no such file or device");
        }
        try {
            Path readPath = CompressedImages.readablePath(path, ImageScanner.defaultCacheDir());
            try (ReadOnlyDevice device = ReadOnlyDevice.open(readPath)) {
                return switch (SuperblockReader.readAt(device, SuperblockReader.PRIMARY_OFFSET)) {
                    case SuperblockRead.Valid valid -> valid.superblock();
                    case SuperblockRead.Invalid invalid -> throw failure(path, invalid);
                };
            }
        } catch (AccessDeniedException e) {
            throw new CliException(Cli.BAD_INPUT, path + ": permission denied — run as root or join group disk", e);
        } catch (NoSuchFileException e) {
            throw new CliException(Cli.BAD_INPUT, path + ": no such file or device", e);
        } catch (IOException e) {
            throw new CliException(Cli.BAD_INPUT, path + ": " + e.getMessage(), e);
        }
    }

    private static CliException failure(Path path, SuperblockRead.Invalid invalid) {
        return switch (invalid.problem()) {
            case NOT_BTRFS -> new CliException(Cli.BAD_INPUT, path + ": not btrfs: " + invalid.reason());
            case UNREADABLE -> new CliException(Cli.BAD_INPUT, path + ": " + invalid.reason());
            case DAMAGED -> new CliException(Cli.FS_ERRORS, path + ": bad superblock: " + invalid.reason());
        };
    }

    private static void print(String path, Superblock sb, PrintStream out) {
        out.println(path);
        row(out, "label", sb.label().isEmpty() ? "(none)" : sb.label());
        row(out, "fsid", sb.fsid());
        row(out, "metadata_uuid", sb.metadataUuid());
        row(out, "devid", sb.devItem().devid() + " (num_devices " + sb.numDevices() + ")");
        row(out, "dev_uuid", sb.devItem().uuid());
        row(out, "generation", sb.generation());
        row(out, "nodesize", sb.nodesize());
        row(out, "sectorsize", sb.sectorsize());
        row(out, "csum_type", sb.csumType().map(t -> t.displayName()).orElse("unknown") + " (" + sb.csumTypeId() + ")");
        row(out, "total_bytes", sb.totalBytes() + " (" + PrettySize.format(sb.totalBytes()) + ")");
        row(out, "bytes_used", sb.bytesUsed() + " (" + PrettySize.format(sb.bytesUsed()) + ")");
        row(out, "dev_size", sb.devItem().totalBytes() + " (" + PrettySize.format(sb.devItem().totalBytes()) + ")");
        row(out, "root", sb.root() + " level " + sb.rootLevel());
        row(out, "chunk_root", sb.chunkRoot() + " level " + sb.chunkRootLevel());
        row(out, "incompat_flags", String.join(" | ", sb.incompatFlagNames()));
        row(out, "compat_ro_flags", String.join(" | ", sb.compatRoFlagNames()));
    }

    private static void row(PrintStream out, String key, Object value) {
        out.printf("\t%-16s%s%n", key, value);
    }
}

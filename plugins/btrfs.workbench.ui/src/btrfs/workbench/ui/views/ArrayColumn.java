package btrfs.workbench.ui.views;

import java.nio.file.Path;
import java.util.stream.Collectors;

import org.eclipse.osgi.util.NLS;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.session.MissingDevice;
import btrfs.workbench.session.remote.ServerCatalog.Connected;
import btrfs.workbench.session.remote.ServerCatalog.RemoteArray;
import btrfs.workbench.session.remote.ServerCatalog.RemoteDevice;
import btrfs.workbench.ui.l10n.Messages;

/**
 * The Arrays view's columns: what each shows for an array, a device, a missing device and an
 * unreadable path.
 */
enum ArrayColumn {
    NAME(Messages.ArrayColumn_name, 230) {
        @Override
        String of(BtrfsArray a) {
            return a.label().isEmpty() ? Messages.Common_noLabel : a.label();
        }

        @Override
        String of(ArrayDevice d) {
            return NLS.bind(Messages.Common_devid, Long.toUnsignedString(d.devid()));
        }

        @Override
        String of(MissingDevice m) {
            return NLS.bind(Messages.Common_devid, Long.toUnsignedString(m.devid()));
        }

        @Override
        String of(Unreadable u) {
            Path name = u.path().getFileName();
            return name == null ? u.path().toString() : name.toString();
        }
    },
    DEVICES(Messages.ArrayColumn_devices, 90) {
        @Override
        String of(BtrfsArray a) {
            return NLS.bind(Messages.ArrayColumn_devicesOf, a.presentDevices(), a.numDevices());
        }
    },
    STATUS(Messages.ArrayColumn_status, 230) {
        @Override
        String of(BtrfsArray a) {
            StringBuilder status = new StringBuilder();
            if (!a.missingDevids().isEmpty()) {
                status.append(NLS.bind(Messages.ArrayColumn_missingDevices, a.missingDevids().size()));
            }
            for (String warning : a.warnings()) {
                status.append(status.isEmpty() ? "" : "; ").append(warning);
            }
            return status.isEmpty() ? Messages.ArrayColumn_ok : status.toString();
        }

        @Override
        String of(MissingDevice m) {
            return Messages.ArrayColumn_missing;
        }

        @Override
        String of(Unreadable u) {
            return u.reason();
        }
    },
    UUID(Messages.ArrayColumn_uuid, 270) {
        @Override
        String of(BtrfsArray a) {
            return a.fsid().toString();
        }

        @Override
        String of(ArrayDevice d) {
            return d.uuid() == null ? "" : d.uuid().toString();
        }
    },
    NODESIZE(Messages.ArrayColumn_nodesize, 75) {
        @Override
        String of(BtrfsArray a) {
            return a.nodesize() == 0 ? "" : Integer.toString(a.nodesize());
        }
    },
    CHECKSUM(Messages.ArrayColumn_checksum, 80) {
        @Override
        String of(BtrfsArray a) {
            return a.csumType();
        }
    },
    GENERATION(Messages.ArrayColumn_generation, 85) {
        @Override
        String of(BtrfsArray a) {
            return a.generation() == 0 ? "" : Long.toUnsignedString(a.generation());
        }

        @Override
        String of(ArrayDevice d) {
            return d.generation() == 0 ? "" : Long.toUnsignedString(d.generation());
        }
    },
    SIZE(Messages.ArrayColumn_size, 90) {
        @Override
        String of(BtrfsArray a) {
            return PrettySize.format(a.devices().stream().mapToLong(ArrayDevice::size).sum());
        }

        @Override
        String of(ArrayDevice d) {
            return PrettySize.format(d.size());
        }
    },
    USED(Messages.ArrayColumn_used, 90) {
        @Override
        String of(ArrayDevice d) {
            return PrettySize.format(d.bytesUsed());
        }
    },
    ROTATIONAL(Messages.ArrayColumn_rotational, 75) {
        @Override
        String of(ArrayDevice d) {
            Boolean rotational = d.info().rotational();
            return rotational == null ? "" : rotational ? Messages.ArrayColumn_yes : Messages.ArrayColumn_no;
        }
    },
    MODEL(Messages.ArrayColumn_model, 120) {
        @Override
        String of(ArrayDevice d) {
            return d.info().model() == null ? "" : d.info().model();
        }
    },
    MOUNTED(Messages.ArrayColumn_mounted, 140) {
        @Override
        String of(BtrfsArray a) {
            if (!a.mounted()) {
                return "";
            }
            return a.mountpoints().isEmpty() ? Messages.ArrayColumn_yes
                    : a.mountpoints().stream().map(Path::toString).collect(Collectors.joining(", "));
        }
    },
    PATH(Messages.ArrayColumn_path, 380) {
        @Override
        String of(ArrayDevice d) {
            return d.path().toString();
        }

        @Override
        String of(Unreadable u) {
            return u.path().toString();
        }
    },
    BACKING_FILE(Messages.ArrayColumn_backingFile, 250) {
        @Override
        String of(ArrayDevice d) {
            return d.info().backingFile() == null ? "" : d.info().backingFile().toString();
        }
    };

    private final String title;
    private final int width;

    ArrayColumn(String title, int width) {
        this.title = title;
        this.width = width;
    }

    String title() {
        return title;
    }

    int width() {
        return width;
    }

    String of(BtrfsArray array) {
        return "";
    }

    String of(ArrayDevice device) {
        return "";
    }

    String of(MissingDevice missing) {
        return "";
    }

    String of(Unreadable unreadable) {
        return "";
    }

    /** A server: its name, what it holds, its address; its arrays are rows below it. */
    String of(Connected server) {
        return switch (this) {
            case NAME -> server.server().label();
            case STATUS -> NLS.bind(Messages.ArrayColumn_server, server.scan().arrays().size(), server.version());
            case PATH -> server.server().uri();
            default -> "";
        };
    }

    String text(Object row) {
        return switch (row) {
            case Connected c -> of(c);
            case RemoteArray r -> of(r.array());
            case RemoteDevice d -> of(d.device());
            case BtrfsArray a -> of(a);
            case ArrayDevice d -> of(d);
            case MissingDevice m -> of(m);
            case Unreadable u -> of(u);
            default -> "";
        };
    }
}

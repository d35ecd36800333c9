package btrfs.workbench.ui.views;

import java.nio.file.Path;
import java.util.stream.Collectors;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.session.MissingDevice;

/**
 * The Arrays view's columns: what each shows for an array, a device, a missing device and an
 * unreadable path.
 */
enum ArrayColumn {
    NAME("Array / device", 230) {
        @Override
        String of(BtrfsArray a) {
            return a.label().isEmpty() ? "(no label)" : a.label();
        }

        @Override
        String of(ArrayDevice d) {
            return "devid " + Long.toUnsignedString(d.devid());
        }

        @Override
        String of(MissingDevice m) {
            return "devid " + Long.toUnsignedString(m.devid());
        }

        @Override
        String of(Unreadable u) {
            Path name = u.path().getFileName();
            return name == null ? u.path().toString() : name.toString();
        }
    },
    DEVICES("Devices", 90) {
        @Override
        String of(BtrfsArray a) {
            return a.presentDevices() + " of " + a.numDevices();
        }
    },
    STATUS("Status", 230) {
        @Override
        String of(BtrfsArray a) {
            StringBuilder status = new StringBuilder();
            if (!a.missingDevids().isEmpty()) {
                status.append(a.missingDevids().size()).append(" device(s) missing");
            }
            for (String warning : a.warnings()) {
                status.append(status.isEmpty() ? "" : "; ").append(warning);
            }
            return status.isEmpty() ? "ok" : status.toString();
        }

        @Override
        String of(MissingDevice m) {
            return "missing";
        }

        @Override
        String of(Unreadable u) {
            return u.reason();
        }
    },
    UUID("FSID / device UUID", 270) {
        @Override
        String of(BtrfsArray a) {
            return a.fsid().toString();
        }

        @Override
        String of(ArrayDevice d) {
            return d.uuid() == null ? "" : d.uuid().toString();
        }
    },
    NODESIZE("Nodesize", 75) {
        @Override
        String of(BtrfsArray a) {
            return a.nodesize() == 0 ? "" : Integer.toString(a.nodesize());
        }
    },
    CHECKSUM("Checksum", 80) {
        @Override
        String of(BtrfsArray a) {
            return a.csumType();
        }
    },
    GENERATION("Generation", 85) {
        @Override
        String of(BtrfsArray a) {
            return a.generation() == 0 ? "" : Long.toUnsignedString(a.generation());
        }

        @Override
        String of(ArrayDevice d) {
            return d.generation() == 0 ? "" : Long.toUnsignedString(d.generation());
        }
    },
    SIZE("Size", 90) {
        @Override
        String of(BtrfsArray a) {
            return PrettySize.format(a.devices().stream().mapToLong(ArrayDevice::size).sum());
        }

        @Override
        String of(ArrayDevice d) {
            return PrettySize.format(d.size());
        }
    },
    USED("Used", 90) {
        @Override
        String of(ArrayDevice d) {
            return PrettySize.format(d.bytesUsed());
        }
    },
    ROTATIONAL("Rotational", 75) {
        @Override
        String of(ArrayDevice d) {
            Boolean rotational = d.info().rotational();
            return rotational == null ? "" : rotational ? "yes" : "no";
        }
    },
    MODEL("Model", 120) {
        @Override
        String of(ArrayDevice d) {
            return d.info().model() == null ? "" : d.info().model();
        }
    },
    MOUNTED("Mounted on", 140) {
        @Override
        String of(BtrfsArray a) {
            if (!a.mounted()) {
                return "";
            }
            return a.mountpoints().isEmpty() ? "yes"
                    : a.mountpoints().stream().map(Path::toString).collect(Collectors.joining(", "));
        }
    },
    PATH("Path", 380) {
        @Override
        String of(ArrayDevice d) {
            return d.path().toString();
        }

        @Override
        String of(Unreadable u) {
            return u.path().toString();
        }
    },
    BACKING_FILE("Backing file", 250) {
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

    String text(Object row) {
        return switch (row) {
            case BtrfsArray a -> of(a);
            case ArrayDevice d -> of(d);
            case MissingDevice m -> of(m);
            case Unreadable u -> of(u);
            default -> "";
        };
    }
}

package btrfs.workbench.ui.views;

import btrfs.workbench.discovery.ArrayDevice;
import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.discovery.Unreadable;
import btrfs.workbench.metadata.PrettySize;

/** The Arrays view's columns: what each shows for an array, a device and an unreadable path. */
enum ArrayColumn {
    NAME("Array / device", 250) {
        @Override
        String of(BtrfsArray a) {
            return a.label().isEmpty() ? "(no label)" : a.label();
        }

        @Override
        String of(ArrayDevice d) {
            return "devid " + d.devid();
        }

        @Override
        String of(Unreadable u) {
            return u.path().getFileName().toString();
        }
    },
    UUID("FSID / device UUID", 280) {
        @Override
        String of(BtrfsArray a) {
            return a.fsid().toString();
        }

        @Override
        String of(ArrayDevice d) {
            return d.uuid().toString();
        }
    },
    DEVICES("Devices", 110) {
        @Override
        String of(BtrfsArray a) {
            return a.presentDevices() + " of " + a.numDevices();
        }
    },
    NODESIZE("Nodesize", 80) {
        @Override
        String of(BtrfsArray a) {
            return Integer.toString(a.nodesize());
        }
    },
    CHECKSUM("Checksum", 90) {
        @Override
        String of(BtrfsArray a) {
            return a.csumType();
        }
    },
    GENERATION("Generation", 90) {
        @Override
        String of(BtrfsArray a) {
            return Long.toString(a.generation());
        }

        @Override
        String of(ArrayDevice d) {
            return Long.toString(d.generation());
        }
    },
    SIZE("Size", 100) {
        @Override
        String of(BtrfsArray a) {
            return PrettySize.format(a.devices().stream().mapToLong(ArrayDevice::size).sum());
        }

        @Override
        String of(ArrayDevice d) {
            return PrettySize.format(d.size());
        }
    },
    STATUS("Status", 240) {
        @Override
        String of(BtrfsArray a) {
            if (!a.complete()) {
                return (a.numDevices() - a.presentDevices()) + " device(s) missing";
            }
            return a.warnings().isEmpty() ? "ok" : String.join("; ", a.warnings());
        }

        @Override
        String of(Unreadable u) {
            return u.reason();
        }
    },
    PATH("Path", 420) {
        @Override
        String of(ArrayDevice d) {
            return d.path().toString();
        }

        @Override
        String of(Unreadable u) {
            return u.path().toString();
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

    String of(Unreadable unreadable) {
        return "";
    }

    String text(Object row) {
        return switch (row) {
            case BtrfsArray a -> of(a);
            case ArrayDevice d -> of(d);
            case Unreadable u -> of(u);
            default -> "";
        };
    }
}

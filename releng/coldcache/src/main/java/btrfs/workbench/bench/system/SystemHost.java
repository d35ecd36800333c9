package btrfs.workbench.bench.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import btrfs.workbench.testsupport.CommandException;
import btrfs.workbench.testsupport.SystemCommands;

/** This machine, as {@link Host} describes it. */
public final class SystemHost implements Host {

    private final SystemCommands commands;

    public SystemHost(SystemCommands commands) {
        this.commands = commands;
    }

    @Override
    public boolean isRoot() {
        return SystemCommands.isRoot();
    }

    @Override
    public boolean hasTool(String name) {
        String path = System.getenv("PATH");
        // root's PATH may lack the sbin directories when started through sudo -E or cron
        String all = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : all.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean hasBtrfs() {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(l -> l.trim().equals("btrfs")
                    || l.endsWith("\tbtrfs"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean hasFreeLoopDevice() {
        try {
            return commands.run(Duration.ofSeconds(20), "losetup", "--find").ok();
        } catch (CommandException e) {
            return false;
        }
    }

    @Override
    public boolean canDropCaches() {
        return Files.isWritable(ColdCache.DROP_CACHES);
    }
}

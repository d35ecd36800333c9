package btrfs.workbench.metadata.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import btrfs.workbench.metadata.Superblock;
import btrfs.workbench.metadata.SuperblockCopies;
import btrfs.workbench.metadata.SuperblockRead;
import btrfs.workbench.metadata.SuperblockReader;
import btrfs.workbench.metadata.io.PositionalReader;

/**
 * Sorts the given devices into the members of one filesystem by the devid
 * in their superblocks, and picks the newest superblock among them.
 *
 * @param superblock the newest valid superblock of the filesystem
 * @param members    member devices by devid, each with its own newest superblock
 */
record DeviceAssembly(Superblock superblock, Map<Long, Member> members) {

    /** A given device and its newest valid superblock. */
    record Member(PositionalReader reader, Superblock superblock) {

        long devid() {
            return superblock.devItem().devid();
        }

        long generation() {
            return superblock.generation();
        }
    }

    /**
     * The filesystem is the one of the first device with a valid superblock;
     * devices of other filesystems are left out. Empty if no device has a
     * valid superblock. Unusable, foreign, duplicate and stale devices are
     * added to {@code problems}.
     */
    static Optional<DeviceAssembly> assemble(List<? extends PositionalReader> devices, List<DeviceProblem> problems) {
        List<Member> candidates = candidates(devices, problems);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Member> members = members(candidates, problems);
        Superblock newest = null;
        for (Member member : members.values()) {
            if (newest == null || Long.compareUnsigned(member.generation(), newest.generation()) > 0) {
                newest = member.superblock();
            }
        }
        reportStale(members, newest, problems);
        return Optional.of(new DeviceAssembly(newest, Map.copyOf(members)));
    }

    /** Every device with a valid superblock. */
    private static List<Member> candidates(List<? extends PositionalReader> devices, List<DeviceProblem> problems) {
        List<Member> candidates = new ArrayList<>();
        for (PositionalReader device : devices) {
            SuperblockCopies copies = SuperblockReader.read(device);
            Optional<Superblock> newest = copies.newestValid();
            if (newest.isPresent()) {
                candidates.add(new Member(device, newest.get()));
            } else {
                problems.add(new DeviceProblem(DeviceProblem.Kind.UNUSABLE, 0, device.name(),
                        "no valid superblock: " + primaryReason(copies)));
            }
        }
        return candidates;
    }

    /**
     * Members are recognised by the metadata uuid, the one stamped into every
     * tree block: after an (interrupted) fsid change, members of one
     * filesystem may show different fsids. Of two devices with one devid
     * (an image and its copy) the newer is kept, as the kernel's device scan does.
     */
    private static Map<Long, Member> members(List<Member> candidates, List<DeviceProblem> problems) {
        Superblock first = candidates.get(0).superblock();
        Map<Long, Member> members = new LinkedHashMap<>();
        for (Member candidate : candidates) {
            if (!candidate.superblock().metadataUuid().equals(first.metadataUuid())) {
                problems.add(new DeviceProblem(DeviceProblem.Kind.OTHER_FILESYSTEM, candidate.devid(),
                        candidate.reader().name(), "metadata uuid " + candidate.superblock().metadataUuid()
                                + ", not " + first.metadataUuid()));
                continue;
            }
            Member known = members.get(candidate.devid());
            boolean newer = known == null || Long.compareUnsigned(candidate.generation(), known.generation()) > 0;
            if (known != null) {
                Member kept = newer ? candidate : known;
                Member dropped = newer ? known : candidate;
                problems.add(new DeviceProblem(DeviceProblem.Kind.DUPLICATE_DEVID, candidate.devid(),
                        dropped.reader().name(), "devid given twice; using " + kept.reader().name()));
            }
            if (newer) {
                members.put(candidate.devid(), candidate);
            }
        }
        return members;
    }

    /** Blocks read from a stale member may be old copies; the generation checks will tell, this says why. */
    private static void reportStale(Map<Long, Member> members, Superblock newest, List<DeviceProblem> problems) {
        for (Member member : members.values()) {
            if (member.generation() != newest.generation()) {
                problems.add(new DeviceProblem(DeviceProblem.Kind.STALE, member.devid(), member.reader().name(),
                        "superblock generation " + Long.toUnsignedString(member.generation())
                                + ", filesystem is at " + Long.toUnsignedString(newest.generation())));
            }
        }
    }

    private static String primaryReason(SuperblockCopies copies) {
        SuperblockRead primary = copies.primary();
        return primary instanceof SuperblockRead.Invalid invalid ? invalid.reason() : "only invalid copies";
    }
}

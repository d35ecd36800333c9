package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.state.BadCopy;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceCounters;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.readahead.state.ReadError;
import btrfs.workbench.session.RunSpec;

/**
 * The outcome of one {@code readahead} run, as text or as the documented JSON:
 * {@code {"fsid","strategy","failover","scrub","elapsed_ms","blocks","nodes","leaves","bytes","generation_skips",
 * "errors":[{"logical","devid","reason"}],"bad_copies":[{"logical","devid","physical","reason"}],
 * ["unchecked_copies",]
 * "controls":[{"tree","name","start","end","blocks","bytes","generation_skips","errors":[...],
 * "bad_copies":[...][,"block_list":[...]]}],"per_device":[{"devid","path","present",
 * "reads","bytes","seek_bytes","max_in_flight","copies_read","bad_copies"[,"unchecked_copies"]}],
 * "live","links_followed","shared_skips","restarts","changed","engine"}}; a control ends with
 * {@code "links_followed","shared_skips","restarts","changed"} too (leaf following, restarts and
 * mounted filesystems: see docs/cli.md).
 * <p>
 * {@code errors}: blocks no copy of which could be read — their branch is cut. {@code bad_copies}:
 * every copy found bad once (failed to read or validate; with {@code --scrub} also bytes that
 * differ from the good copy), whether the block was then read from another copy (failover) or
 * not; a control lists the bad copies of its blocks. {@code copies_read}: block copies read on the
 * device, good or bad (a coalesced read of n blocks is one of {@code reads} and n copies).
 * With {@code --scrub} ({@code "scrub":true}) {@code blocks} counts each block once although every
 * copy was read, and {@code unchecked_copies} counts the copies of the blocks read that lie on
 * missing devices and so could not be checked (per device and in all); they are not bad copies.
 * Exit 1 when {@code errors} or {@code bad_copies} is not empty.
 */
final class ReadaheadReport {

    private final OpenFilesystem fs;
    private final List<TreeRoot> roots;
    private final RunSpec spec;
    private final boolean listBlocks;
    private final EngineSnapshot engine;
    private final List<ControlSnapshot> controls;
    private final List<FollowProgress> following;
    private final RunRecorder recorder;
    private final long elapsedNanos;
    private final boolean live;

    ReadaheadReport(OpenFilesystem fs, List<TreeRoot> roots, RunSpec spec, boolean listBlocks, EngineSnapshot engine,
            List<ControlSnapshot> controls, List<FollowProgress> following, RunRecorder recorder, long elapsedNanos,
            boolean live) {
        this.fs = fs;
        this.roots = roots;
        this.spec = spec;
        this.listBlocks = listBlocks;
        this.engine = engine;
        this.controls = controls;
        this.following = following;
        this.recorder = recorder;
        this.elapsedNanos = elapsedNanos;
        this.live = live;
    }

    /** A block could not be read, or a copy of one was bad (recovered or not): the filesystem has errors. */
    boolean hasErrors() {
        return controls.stream().anyMatch(c -> c.errors() > 0) || !recorder.badCopies().isEmpty();
    }

    /** The bad copies of blocks that were still read from another copy. */
    private long recovered() {
        return BadCopy.recovered(recorder.badCopies(), errors()).size();
    }

    private long uncheckable() {
        return fs.get().devices().stream().mapToLong(d -> recorder.uncheckable(d.devid())).sum();
    }

    /** Whether the engine aborted the run (out of memory): its controls stopped early. */
    boolean aborted() {
        return errors().stream().anyMatch(ReadError::ofAbortedControl);
    }

    /** Every control's errors, a block lost to several controls once. */
    private Set<ReadError> errors() {
        Set<ReadError> all = new LinkedHashSet<>();
        controls.forEach(c -> all.addAll(c.errorList()));
        return all;
    }

    private long blocks() {
        return recorder.nodes() + recorder.leaves();
    }

    private long generationSkips() {
        return controls.stream().mapToLong(ControlSnapshot::generationSkips).sum();
    }

    /** The run's totals of what its controls did beyond the kernel. */
    private FollowProgress followingTotal() {
        return new FollowProgress(following.stream().mapToLong(FollowProgress::links).sum(),
                following.stream().mapToLong(FollowProgress::shared).sum(),
                following.stream().mapToLong(FollowProgress::restarts).sum(),
                following.stream().mapToLong(FollowProgress::changed).sum());
    }

    private static void followingJson(ObjectNode node, FollowProgress f) {
        node.put("links_followed", f.links());
        node.put("shared_skips", f.shared());
        node.put("restarts", f.restarts());
        node.put("changed", f.changed());
    }

    private double elapsedMs() {
        return Math.round(elapsedNanos / 1e3) / 1e3;
    }

    void print(boolean json, PrintStream out, PrintStream err) {
        Set<ReadError> errors = errors();
        Set<Long> reported = fs.reportedBlocks(); // opening named them already: one line per problem
        errors.stream().filter(e -> !reported.contains(e.logical()))
                .forEach(e -> err.println("btrfs-workbench: " + e.describe()));
        BadCopy.recovered(recorder.badCopies(), errors)
                .forEach(b -> err.println("btrfs-workbench: " + b.describeRecovered(deviceName(b.devid()))));
        if (json) {
            Json.print(toJson(), out);
        } else {
            printText(out);
        }
    }

    private ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("fsid", fs.get().superblock().fsid().toString());
        node.put("strategy", engine.strategy());
        node.put("failover", spec.failover());
        node.put("scrub", spec.scrub());
        node.put("elapsed_ms", elapsedMs());
        node.put("blocks", blocks());
        node.put("nodes", recorder.nodes());
        node.put("leaves", recorder.leaves());
        node.put("bytes", blocks() * engine.nodesize());
        node.put("generation_skips", generationSkips());
        errorsJson(node.putArray("errors"), errors());
        badCopiesJson(node.putArray("bad_copies"), recorder.badCopies());
        if (spec.scrub()) {
            node.put("unchecked_copies", uncheckable());
        }
        ArrayNode list = node.putArray("controls");
        for (int i = 0; i < controls.size(); i++) {
            list.add(controlJson(roots.get(i), controls.get(i), following.get(i)));
        }
        ArrayNode devices = node.putArray("per_device");
        for (FsDevice device : fs.get().devices()) {
            devices.add(deviceJson(device, counters(device.devid())));
        }
        // added after the fields of the first contract, so that those keep their order
        node.put("live", live);
        followingJson(node, followingTotal());
        node.put("engine", spec.engine().label()); // the schedule: workbench or v4.19
        return node;
    }

    private ObjectNode controlJson(TreeRoot root, ControlSnapshot c, FollowProgress f) {
        ObjectNode node = Json.object();
        Json.putU64(node, "tree", root.id());
        node.put("name", root.name());
        node.put("start", c.start().toArgument());
        node.put("end", c.end().toArgument());
        node.put("blocks", c.blocks());
        node.put("bytes", c.bytes());
        node.put("generation_skips", c.generationSkips());
        errorsJson(node.putArray("errors"), c.errorList());
        badCopiesJson(node.putArray("bad_copies"), c.badCopyList());
        if (listBlocks) {
            ArrayNode blocks = node.putArray("block_list");
            recorder.blocks(c.id()).forEach(b -> Json.addU64(blocks, b));
        }
        followingJson(node, f);
        return node;
    }

    private static void errorsJson(ArrayNode into, Iterable<ReadError> errors) {
        for (ReadError e : errors) {
            ObjectNode node = into.addObject();
            Json.putU64(node, "logical", e.logical());
            Json.putU64(node, "devid", e.devid());
            node.put("reason", e.reason());
        }
    }

    private static void badCopiesJson(ArrayNode into, Iterable<BadCopy> bad) {
        for (BadCopy b : bad) {
            ObjectNode node = into.addObject();
            Json.putU64(node, "logical", b.logical());
            Json.putU64(node, "devid", b.devid());
            Json.putU64(node, "physical", b.physical());
            node.put("reason", b.reason());
        }
    }

    private long badCopiesOn(long devid) {
        return recorder.badCopies().stream().filter(b -> b.devid() == devid).count();
    }

    /** The device's path as the user gave it, or "missing". */
    private String deviceName(long devid) {
        for (FsDevice device : fs.get().devices()) {
            if (device.devid() == devid && fs.displayName(device) != null) {
                return fs.displayName(device);
            }
        }
        return "missing";
    }

    private ObjectNode deviceJson(FsDevice device, DeviceCounters c) {
        ObjectNode node = Json.object();
        Json.putU64(node, "devid", device.devid());
        node.put("path", fs.displayName(device));
        node.put("present", device.present());
        node.put("reads", c.reads());
        node.put("bytes", c.bytes());
        node.put("seek_bytes", c.seekDistance());
        node.put("max_in_flight", c.maxInFlight());
        node.put("copies_read", recorder.copiesRead(device.devid()));
        node.put("bad_copies", badCopiesOn(device.devid()));
        if (spec.scrub()) {
            node.put("unchecked_copies", recorder.uncheckable(device.devid()));
        }
        return node;
    }

    private DeviceCounters counters(long devid) {
        return engine.devices().stream().filter(d -> d.devid() == devid).map(DeviceSnapshot::counters).findFirst()
                .orElse(new DeviceCounters(0, 0, 0, 0, 0));
    }

    private static String rangeText(ControlSnapshot c) {
        if (c.start().equals(Key.MIN) && c.end().equals(Key.MAX)) {
            return "whole tree";
        }
        return "[" + c.start().toArgument() + ", " + c.end().toArgument() + ")";
    }

    private void printText(PrintStream out) {
        double seconds = elapsedNanos / 1e9;
        out.printf("%s of %s, strategy %s, engine %s, %d read(s) in flight per device at most, failover %s%n",
                spec.scrub() ? "scrub (every copy)" : "readahead", fs.get().superblock().fsid(), engine.strategy(),
                spec.engine().label(), engine.maxInFlightPerDevice(), spec.failover() || spec.scrub() ? "on" : "off");
        out.printf("%d blocks (%d nodes, %d leaves), %s in %.3f s, %s/s, %d generation skips, %d errors%n",
                blocks(), recorder.nodes(), recorder.leaves(), PrettySize.format(blocks() * engine.nodesize()), seconds,
                PrettySize.format((long) (blocks() * engine.nodesize() / Math.max(seconds, 1e-9))), generationSkips(),
                errors().size());
        if (live) {
            out.printf("the filesystem is mounted: %d blocks changed during the run (not errors)%n",
                    followingTotal().changed());
        }
        if (spec.following().any()) {
            FollowProgress f = followingTotal();
            out.printf("following: %d tree blocks named by leaves, %d arrivals at blocks read already, %d restarts%n",
                    f.links(), f.shared(), f.restarts());
        }
        List<BadCopy> bad = recorder.badCopies();
        if (!bad.isEmpty() || spec.scrub()) {
            out.printf("%d bad copies (%d of blocks read from another copy)%s%n", bad.size(), recovered(),
                    spec.scrub() ? ", " + uncheckable() + " copies on missing devices not checked" : "");
        }
        for (BadCopy b : bad) {
            out.printf("  bad copy: block %s on devid %s at %s: %s%n", Long.toUnsignedString(b.logical()),
                    Long.toUnsignedString(b.devid()), Long.toUnsignedString(b.physical()), b.reason());
        }
        for (int i = 0; i < controls.size(); i++) {
            ControlSnapshot c = controls.get(i);
            out.printf("  tree %-12s %s  %d blocks, %d generation skips, %d errors%n", roots.get(i).name(),
                    rangeText(c), c.blocks(), c.generationSkips(), c.errors());
        }
        for (FsDevice device : fs.get().devices()) {
            DeviceCounters c = counters(device.devid());
            out.printf("  devid %-3s %-40s %6d reads  %10s  seek %10s  max in flight %d  %d copies read%n",
                    Long.toUnsignedString(device.devid()), fs.displayName(device), c.reads(),
                    PrettySize.format(c.bytes()), PrettySize.format(c.seekDistance()), c.maxInFlight(),
                    recorder.copiesRead(device.devid()));
        }
    }
}

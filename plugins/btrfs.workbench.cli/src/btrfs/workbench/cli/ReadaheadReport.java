package btrfs.workbench.cli;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import btrfs.workbench.metadata.PrettySize;
import btrfs.workbench.metadata.fs.FsDevice;
import btrfs.workbench.metadata.tree.Key;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.readahead.state.ControlSnapshot;
import btrfs.workbench.readahead.state.DeviceCounters;
import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.EngineSnapshot;
import btrfs.workbench.readahead.state.FollowProgress;
import btrfs.workbench.readahead.state.ReadError;

/**
 * The outcome of one {@code readahead} run, as text or as the documented JSON:
 * {@code {"fsid","strategy","elapsed_ms","blocks","nodes","leaves","bytes","generation_skips",
 * "errors":[{"logical","devid","reason"}],"controls":[{"tree","name","start","end","blocks","bytes",
 * "generation_skips","errors":[...][,"block_list":[...]],"links_followed","shared_skips","restarts",
 * "changed"}],"per_device":[{"devid","path","present","reads","bytes","seek_bytes","max_in_flight"}],
 * "live","links_followed","shared_skips","restarts","changed"}}.
 */
final class ReadaheadReport {

    private final OpenFilesystem fs;
    private final List<TreeRoot> roots;
    private final ReadaheadArgs args;
    private final EngineSnapshot engine;
    private final List<ControlSnapshot> controls;
    private final List<FollowProgress> following;
    private final RunRecorder recorder;
    private final long elapsedNanos;
    private final boolean live;

    ReadaheadReport(OpenFilesystem fs, List<TreeRoot> roots, ReadaheadArgs args, EngineSnapshot engine,
            List<ControlSnapshot> controls, List<FollowProgress> following, RunRecorder recorder, long elapsedNanos,
            boolean live) {
        this.fs = fs;
        this.roots = roots;
        this.args = args;
        this.engine = engine;
        this.controls = controls;
        this.following = following;
        this.recorder = recorder;
        this.elapsedNanos = elapsedNanos;
        this.live = live;
    }

    boolean hasErrors() {
        return controls.stream().anyMatch(c -> c.errors() > 0);
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
        errors().forEach(e -> err.println("btrfs-workbench: tree block " + Long.toUnsignedString(e.logical())
                + (e.devid() != 0 ? " (devid " + Long.toUnsignedString(e.devid()) + ")" : "") + ": " + e.reason()));
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
        node.put("elapsed_ms", elapsedMs());
        node.put("blocks", blocks());
        node.put("nodes", recorder.nodes());
        node.put("leaves", recorder.leaves());
        node.put("bytes", blocks() * engine.nodesize());
        node.put("generation_skips", generationSkips());
        errorsJson(node.putArray("errors"), errors());
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
        if (args.listBlocks()) {
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

    private ObjectNode deviceJson(FsDevice device, DeviceCounters c) {
        ObjectNode node = Json.object();
        Json.putU64(node, "devid", device.devid());
        node.put("path", fs.displayName(device));
        node.put("present", device.present());
        node.put("reads", c.reads());
        node.put("bytes", c.bytes());
        node.put("seek_bytes", c.seekDistance());
        node.put("max_in_flight", c.maxInFlight());
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
        out.printf("readahead of %s, strategy %s, %d read(s) in flight per device at most%n",
                fs.get().superblock().fsid(), engine.strategy(), engine.maxInFlightPerDevice());
        out.printf("%d blocks (%d nodes, %d leaves), %s in %.3f s, %s/s, %d generation skips, %d errors%n",
                blocks(), recorder.nodes(), recorder.leaves(), PrettySize.format(blocks() * engine.nodesize()), seconds,
                PrettySize.format((long) (blocks() * engine.nodesize() / Math.max(seconds, 1e-9))), generationSkips(),
                errors().size());
        if (live) {
            out.printf("the filesystem is mounted: %d blocks changed during the run (not errors)%n",
                    followingTotal().changed());
        }
        if (args.following().any()) {
            FollowProgress f = followingTotal();
            out.printf("following: %d tree blocks named by leaves, %d arrivals at blocks read already, %d restarts%n",
                    f.links(), f.shared(), f.restarts());
        }
        for (int i = 0; i < controls.size(); i++) {
            ControlSnapshot c = controls.get(i);
            out.printf("  tree %-12s %s  %d blocks, %d generation skips, %d errors%n", roots.get(i).name(),
                    rangeText(c), c.blocks(), c.generationSkips(), c.errors());
        }
        for (FsDevice device : fs.get().devices()) {
            DeviceCounters c = counters(device.devid());
            out.printf("  devid %-3s %-40s %6d reads  %10s  seek %10s  max in flight %d%n",
                    Long.toUnsignedString(device.devid()), fs.displayName(device), c.reads(),
                    PrettySize.format(c.bytes()), PrettySize.format(c.seekDistance()), c.maxInFlight());
        }
    }
}

package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.readahead.state.DeviceSnapshot;
import btrfs.workbench.readahead.state.ExtentSnapshot;
import btrfs.workbench.readahead.state.ExtentStatus;
import btrfs.workbench.readahead.state.ZoneSnapshot;

/**
 * Not in v4.19 (its dump_devs printed to the log under DEBUG): the machine's state for the views,
 * snapshots and tests — a device's zones, pointer and queue in read order, and a cross-check of
 * the bookkeeping — and its forgetting after an abort. Engine lock held.
 */
final class MachineState implements EngineState {

    private final ReadaMachine m;

    MachineState(ReadaMachine m) {
        this.m = m;
    }

    @Override
    public boolean empty() {
        if (!m.readaTree.isEmpty() || m.zonesAlive != 0 || m.stream != null && !m.stream.idle()) {
            return false;
        }
        return m.devs.stream().allMatch(d -> d.inFlight == 0 && d.reading.isEmpty() && d.currZone == null
                && d.extents.isEmpty() && d.zones.isEmpty());
    }

    @Override
    public long queuedExtents() {
        return m.readaTree.size();
    }

    @Override
    public void dropAll() {
        m.readaTree.clear();
        m.zonesAlive = 0;
        if (m.stream != null) {
            m.stream.dropAll();
        }
        m.devs.forEach(Dev::dropAll);
    }

    @Override
    public long zonesAlive() {
        return m.zonesAlive;
    }

    @Override
    public DeviceSnapshot device(Dev dev) {
        List<ZoneSnapshot> zones = new ArrayList<>(dev.zones.size());
        ZoneSnapshot curr = null;
        for (Zone zone : dev.zones.values()) {
            List<Long> peers = new ArrayList<>(zone.devs.length);
            for (long devid : zone.devs) {
                if (devid != dev.devid && !peers.contains(devid)) {
                    peers.add(devid);
                }
            }
            ZoneSnapshot z = new ZoneSnapshot(zone.start, zone.end, zone.elems, zone.locked, peers,
                    zone == dev.currZone);
            if (z.current()) {
                curr = z;
            }
            zones.add(z);
        }
        List<ExtentSnapshot> extents = queuePage(dev, 0, m.config.snapshotExtentsPerDevice());
        extents.addAll(dev.recent);
        return new DeviceSnapshot(dev.devid, dev.device.present(), dev.device.replaceTarget(), zones, curr,
                dev.readaNext, dev.inFlight, dev.extents.size(), extents, dev.counters());
    }

    /**
     * The device's queue in the order it will be read: its reads in flight, then the queued
     * extents from reada_next on, then those before it (read after the next zone pick wraps).
     */
    @Override
    public List<ExtentSnapshot> queuePage(Dev dev, int from, int count) {
        List<ExtentSnapshot> page = new ArrayList<>(Math.min(count, 1024));
        int skip = from;
        for (Extent re : dev.reading) {
            if (page.size() >= count) {
                return page;
            }
            if (skip-- <= 0) {
                page.add(extentSnapshot(re, dev));
            }
        }
        for (Map<Long, Extent> part : List.of(dev.extents.tailMap(dev.readaNext, true),
                dev.extents.headMap(dev.readaNext, false))) {
            for (Extent re : part.values()) {
                if (page.size() >= count) {
                    return page;
                }
                if (re.readsOn(dev) == 0 && skip-- <= 0) {
                    page.add(extentSnapshot(re, dev));
                }
            }
        }
        return page;
    }

    private static ExtentSnapshot extentSnapshot(Extent re, Dev dev) {
        return new ExtentSnapshot(re.logical, re.copyOn(dev).physical(),
                re.scheduled ? ExtentStatus.SCHEDULED : ExtentStatus.QUEUED,
                re.scheduledFor == null ? -1 : re.scheduledFor.devid, re.extctl.size(),
                re.extctl.isEmpty() ? 0 : re.extctl.get(0).generation());
    }

    /**
     * Counts the extent in each zone that holds one of its live copies; a hashed extent must be
     * in the map of each such device too.
     */
    private static void countZones(Extent re, Map<Zone, Long> elems, List<String> problems, boolean hashed) {
        for (int i = 0; i < re.zones.length; i++) {
            Zone zone = re.zones[i];
            if (re.checks != null && !re.checks.live(i)) {
                continue; // scrubbed: the copy left its zone
            }
            elems.merge(zone, 1L, Long::sum);
            if (zone.freed) {
                problems.add("extent " + re.logical + " in freed zone " + zone.start);
            }
            if (hashed && zone.device.extents.get(re.logical) != re) {
                problems.add("extent " + re.logical + " missing from devid " + zone.device.devid);
            }
        }
    }

    /** Cross-checks the bookkeeping (tests). */
    @Override
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        Map<Zone, Long> elems = new HashMap<>();
        long records = 0;
        Map<ControlImpl, Long> perControl = new HashMap<>();
        for (Extent re : m.readaTree.values()) {
            if (re.refcnt < re.extctl.size() || re.refcnt <= 0) {
                problems.add("extent " + re.logical + " refcnt " + re.refcnt + " < records " + re.extctl.size());
            }
            records += re.extctl.size();
            for (ExtCtl rec : re.extctl) {
                perControl.merge(rec.rc(), 1L, Long::sum);
            }
            countZones(re, elems, problems, true);
            if (re.scheduled != (re.scheduledFor != null)) {
                problems.add("extent " + re.logical + " scheduled flag inconsistent");
            }
        }
        for (Extent re : m.unhashedHeld) {
            if (m.readaTree.get(re.logical) == re || re.refcnt <= 0) {
                problems.add("extent " + re.logical + " held out of the maps but hashed, or refcnt " + re.refcnt);
            }
            countZones(re, elems, problems, false);
        }
        long zones = 0;
        for (Dev dev : m.devs) {
            int reading = 0;
            for (Extent re : dev.extents.values()) {
                if (m.readaTree.get(re.logical) != re) {
                    problems.add("devid " + dev.devid + " queues freed extent " + re.logical);
                }
                reading += re.readsOn(dev);
            }
            if (reading != dev.inFlight || dev.reading.size() != dev.inFlight) {
                problems.add("devid " + dev.devid + " in_flight " + dev.inFlight + " but " + reading + " scheduled");
            }
            if (dev.inFlight > m.maxInFlight) {
                problems.add("devid " + dev.devid + " in_flight " + dev.inFlight + " > " + m.maxInFlight);
            }
            for (Zone zone : dev.zones.values()) {
                zones++;
                long expected = elems.getOrDefault(zone, 0L);
                if (zone.elems != expected) {
                    problems.add("zone " + zone.start + " on devid " + dev.devid + " elems " + zone.elems + " != "
                            + expected);
                }
                if (zone.elems == 0 && dev.currZone != zone) {
                    problems.add("zone " + zone.start + " on devid " + dev.devid + " leaked (no elems, not current)");
                }
            }
            if (dev.currZone != null && dev.currZone.freed) {
                problems.add("devid " + dev.devid + " curr_zone was freed");
            }
        }
        if (zones != m.zonesAlive) {
            problems.add("zones alive " + m.zonesAlive + " but " + zones + " in device maps");
        }
        for (ControlImpl rc : m.controls.values()) {
            long held = perControl.getOrDefault(rc, 0L);
            if (held > rc.elems) {
                problems.add(rc + " has " + held + " records but elems " + rc.elems);
            }
        }
        for (ControlImpl rc : perControl.keySet()) {
            if (!m.controls.containsKey(rc.id())) {
                problems.add(rc + " finished but still has records");
            }
        }
        if (records < 0) {
            problems.add("negative records");
        }
        return problems;
    }
}

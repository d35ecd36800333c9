package btrfs.workbench.readahead;

import java.util.ArrayList;
import java.util.List;

import btrfs.workbench.readahead.spi.BlockGroup;
import btrfs.workbench.readahead.spi.Device;
import btrfs.workbench.readahead.spi.ReadBlock;
import btrfs.workbench.readahead.spi.ReadCallback;
import btrfs.workbench.readahead.spi.ReadaheadTarget;
import btrfs.workbench.readahead.spi.StripeCopy;

/**
 * A {@link ReadaheadTarget} over a {@link HookScenario}: reads wait in a list until the driver
 * completes them, in the order the fuzz bytes choose, so one thread runs the whole readahead
 * deterministically. Reads the engine should never issue (a copy that is not a mirror of the
 * block, a missing device) are recorded as violations.
 */
final class ScenarioTarget implements ReadaheadTarget {

    /** A read the engine issued and the driver has not completed yet. */
    record Pending(StripeCopy copy, long logical, ReadCallback done) {
    }

    private final HookScenario scenario;
    private final List<Device> devices = new ArrayList<>();
    final List<Pending> pending = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    int reads;

    ScenarioTarget(HookScenario scenario) {
        this.scenario = scenario;
        for (int devid = 1; devid <= scenario.devices; devid++) {
            boolean missing = scenario.lastMissing && devid == scenario.devices;
            devices.add(missing ? Device.missing(devid) : Device.present(devid));
        }
    }

    @Override
    public int nodesize() {
        return HookScenario.NODESIZE;
    }

    @Override
    public List<Device> devices() {
        return devices;
    }

    /**
     * Copies of a block group go round the devices, so fewer devices than copies give DUP-like
     * groups (two copies on one device, far apart); the last group is not mapped.
     */
    @Override
    public List<StripeCopy> mirrors(long logical) {
        int slot = HookScenario.slot(logical);
        int group = slot / HookScenario.GROUP_SLOTS;
        if (slot < 0 || group == HookScenario.SLOTS / HookScenario.GROUP_SLOTS - 1) {
            return List.of();
        }
        List<StripeCopy> copies = new ArrayList<>(scenario.copies);
        for (int i = 0; i < scenario.copies; i++) {
            long devid = (group + i) % scenario.devices + 1;
            long groupStart = (1L << 20) + (long) (group * scenario.copies + i) * HookScenario.GROUP_SLOTS
                    * HookScenario.NODESIZE;
            copies.add(new StripeCopy(devid, groupStart + (long) (slot % HookScenario.GROUP_SLOTS) * HookScenario.NODESIZE));
        }
        return copies;
    }

    @Override
    public BlockGroup blockGroup(long logical) {
        int slot = HookScenario.slot(logical);
        if (slot < 0) {
            return null;
        }
        int first = slot / HookScenario.GROUP_SLOTS * HookScenario.GROUP_SLOTS;
        return new BlockGroup(HookScenario.logical(first), (long) HookScenario.GROUP_SLOTS * HookScenario.NODESIZE);
    }

    @Override
    public void read(StripeCopy copy, long logical, ReadCallback done) {
        reads++;
        if (!mirrors(logical).contains(copy)) {
            violations.add("read of " + logical + " from " + copy + ", not one of its mirrors");
        } else if (!devices.get((int) copy.devid() - 1).present()) {
            violations.add("read of " + logical + " from missing device " + copy.devid());
        }
        pending.add(new Pending(copy, logical, done));
    }

    /** Completes pending read {@code index} with what the scenario says the slot holds. */
    void complete(int index) {
        Pending p = pending.remove(index);
        HookScenario.Block block = scenario.blocks.get(HookScenario.slot(p.logical()));
        if (block == null || block.fails()) {
            p.done().failed(block == null ? "nothing written at " + p.logical() : "bad block");
        } else if (block.level() == 0) {
            p.done().completed(ReadBlock.leaf(block.generation(), block.pointers().size()));
        } else {
            p.done().completed(ReadBlock.node(block.level(), block.generation(), block.pointers()));
        }
    }
}

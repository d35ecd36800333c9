package btrfs.workbench.readahead;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import btrfs.workbench.fuzz.FuzzCorpus;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.tree.Node;
import btrfs.workbench.metadata.tree.NodePointer;
import btrfs.workbench.metadata.tree.TreeBlock;
import btrfs.workbench.metadata.tree.TreeRoot;
import btrfs.workbench.metadata.tree.VisitedBlock;

/**
 * Seeds for {@link ReadaheadHookFuzzTest}: a real tree squeezed into a {@link HookScenario} —
 * its blocks breadth first in slots, levels and generations (mod 256) kept, node keys replaced
 * by their rank so that ranges still cut between children — read whole and in a key range, on
 * one device and mirrored on two.
 */
public final class HookSeeds {

    /** Slots taken by a seed tree; the rest stays free (and the last group unmapped) for mutations. */
    private static final int MAX_BLOCKS = 160;

    private HookSeeds() {
    }

    public static Path corpus() {
        return FuzzCorpus.dir(ReadaheadHookFuzzTest.class.getName(), "fuzz");
    }

    /** Writes the seeds of the tree at {@code root}, whose blocks a walk found. */
    public static void write(String label, TreeRoot root, List<VisitedBlock> blocks, int devices) {
        Map<Long, TreeBlock> byLogical = new HashMap<>();
        blocks.forEach(b -> byLogical.put(b.bytenr(), b.block()));
        if (!byLogical.containsKey(root.bytenr())) {
            return; // the root itself did not read: no shape to take
        }
        Map<Integer, HookScenario.Block> slots = slots(root.bytenr(), byLogical);
        HookScenario.Control whole = new HookScenario.Control(0, root.generation() & 0xff, root.level(), Key.MIN, Key.MAX);
        HookScenario.Control part = new HookScenario.Control(0, root.generation() & 0xff, -1, new Key(17, 1, 0),
                new Key(40, 1, 0));
        byte[] order = new byte[64];
        for (int i = 0; i < order.length; i++) {
            order[i] = (byte) (i * 7);
        }
        int mirrored = 0x04 | (Math.min(devices, 2) - 1) << 4;
        FuzzCorpus.write(corpus(), label + "-single", new HookScenario.Encoder().header(0, 1, List.of(whole))
                .blocks(slots).bytes(new byte[0]));
        FuzzCorpus.write(corpus(), label + "-mirrored", new HookScenario.Encoder().header(mirrored, 2,
                List.of(whole, part)).blocks(slots).bytes(order));
    }

    /** Breadth first from the root: slot 0 is the root, children beyond the slots point nowhere. */
    private static Map<Integer, HookScenario.Block> slots(long rootLogical, Map<Long, TreeBlock> byLogical) {
        Map<Long, Integer> slotOf = new LinkedHashMap<>();
        Deque<Long> queue = new ArrayDeque<>(List.of(rootLogical));
        slotOf.put(rootLogical, 0);
        Map<Integer, HookScenario.Block> slots = new LinkedHashMap<>();
        while (!queue.isEmpty()) {
            long logical = queue.poll();
            TreeBlock block = byLogical.get(logical);
            if (block == null) {
                continue; // a child the walk could not read: its slot stays empty, its read fails
            }
            List<NodePointer> pointers = new ArrayList<>();
            if (block instanceof Node node) {
                for (int i = 0; i < node.pointers().size() && i < HookScenario.MAX_POINTERS; i++) {
                    NodePointer p = node.pointers().get(i);
                    Integer slot = slotOf.get(p.blockptr());
                    if (slot == null && slotOf.size() < MAX_BLOCKS) {
                        slot = slotOf.size();
                        slotOf.put(p.blockptr(), slot);
                        queue.add(p.blockptr());
                    }
                    int child = slot == null ? HookScenario.SLOTS - 1 : slot; // unmapped when out of room
                    pointers.add(new NodePointer(new Key(1 + i * 8, 1, 0), HookScenario.logical(child),
                            p.generation() & 0xff));
                }
            }
            slots.put(slotOf.get(logical), new HookScenario.Block(block.level(), block.generation() & 0xff, false,
                    pointers));
        }
        return slots;
    }
}

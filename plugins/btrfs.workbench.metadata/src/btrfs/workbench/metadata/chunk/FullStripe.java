package btrfs.workbench.metadata.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One full stripe of a RAID5/6 chunk: a stripe unit on every device, the
 * data units in logical order and the parity units P (and Q), rotated as the
 * kernel's raid_map does.
 *
 * @param logical logical address of the first data unit
 * @param units   one unit per chunk stripe, in chunk stripe order
 */
public record FullStripe(long logical, List<Unit> units) {

    public enum Role {
        DATA, P, Q
    }

    /**
     * @param role      data, P or Q
     * @param dataIndex for data units the position in logical order (0-based), else -1
     * @param logical   for data units the logical address of the unit, else -1
     * @param devid     the device
     * @param physical  start of the unit on the device
     */
    public record Unit(Role role, int dataIndex, long logical, long devid, long physical) {
        public Unit {
            Objects.requireNonNull(role, "role");
        }
    }

    public FullStripe {
        units = List.copyOf(units);
    }

    static FullStripe of(ChunkItem chunk, long address) {
        int n = chunk.numStripes();
        int dataStripes = n - chunk.profile().parityStripes();
        long len = chunk.stripeLen();
        long fullNr = Long.divideUnsigned(Long.divideUnsigned(address - chunk.logical(), len), dataStripes);
        long start = chunk.logical() + fullNr * dataStripes * len;
        int rotation = (int) Long.remainderUnsigned(fullNr, n);
        Unit[] units = new Unit[n];
        for (int i = 0; i < n; i++) {
            int slot = (i + rotation) % n;
            Stripe stripe = chunk.stripes().get(slot);
            long physical = stripe.offset() + fullNr * len;
            if (i < dataStripes) {
                units[slot] = new Unit(Role.DATA, i, start + i * len, stripe.devid(), physical);
            } else {
                units[slot] = new Unit(i == dataStripes ? Role.P : Role.Q, -1, -1, stripe.devid(), physical);
            }
        }
        return new FullStripe(start, new ArrayList<>(List.of(units)));
    }

    public List<Unit> dataUnits() {
        return units.stream().filter(u -> u.role() == Role.DATA)
                .sorted((a, b) -> Integer.compare(a.dataIndex(), b.dataIndex())).toList();
    }

    public Unit parity(Role role) {
        return units.stream().filter(u -> u.role() == role).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + role + " unit"));
    }
}

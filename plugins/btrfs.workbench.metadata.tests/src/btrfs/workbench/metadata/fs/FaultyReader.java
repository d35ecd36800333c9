package btrfs.workbench.metadata.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

import btrfs.workbench.metadata.io.PositionalReader;
import btrfs.workbench.testsupport.ForwardingReader;

/** Fault injection for tests: a device whose reads in one byte range fail or come back damaged. */
final class FaultyReader extends ForwardingReader {

    enum Fault {
        /** The read throws an IOException (a bad sector). */
        IO_ERROR,
        /** One byte inside the range comes back flipped (bit rot). */
        FLIP_BYTE,
        /** The range reads as zeros (a lost write). */
        ZEROS
    }

    private final long start;
    private final long end;
    private final Fault fault;

    FaultyReader(PositionalReader device, long start, long length, Fault fault) {
        super(device);
        this.start = start;
        this.end = start + length;
        this.fault = fault;
    }

    @Override
    public void readFully(long physical, ByteBuffer dst) throws IOException {
        int position = dst.position();
        long readEnd = physical + dst.remaining();
        boolean hit = physical < end && readEnd > start;
        if (hit && fault == Fault.IO_ERROR) {
            throw new IOException("injected read error at " + physical);
        }
        device.readFully(physical, dst);
        if (hit) {
            damage(dst, position, physical, p -> p >= start && p < end);
        }
    }

    private void damage(ByteBuffer dst, int position, long physical, Predicate<Long> inRange) {
        for (int i = position; i < dst.position(); i++) {
            long p = physical + (i - position);
            if (inRange.test(p)) {
                if (fault == Fault.ZEROS) {
                    dst.put(i, (byte) 0);
                } else if (p == Math.max(start, physical) + 200) {
                    dst.put(i, (byte) (dst.get(i) ^ 0x40));
                }
            }
        }
    }

    @Override
    public String name() {
        return device.name() + " (" + fault + " at " + start + ")";
    }
}

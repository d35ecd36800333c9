package btrfs.workbench.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;

import btrfs.workbench.metadata.io.PositionalReader;

/**
 * A device passed through unchanged: the base of the tests' devices that count, damage or stall
 * reads, each overriding only what it changes.
 */
public abstract class ForwardingReader implements PositionalReader {

    /** The device every call goes to. */
    protected final PositionalReader device;

    protected ForwardingReader(PositionalReader device) {
        this.device = device;
    }

    @Override
    public void readFully(long physical, ByteBuffer dst) throws IOException {
        device.readFully(physical, dst);
    }

    @Override
    public long size() {
        return device.size();
    }

    @Override
    public String name() {
        return device.name();
    }
}

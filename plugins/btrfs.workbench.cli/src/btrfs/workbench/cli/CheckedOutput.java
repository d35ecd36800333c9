package btrfs.workbench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A command's {@code out} as a stream whose writes fail once the stream failed: a
 * {@link PrintStream} keeps its errors to itself, and a recording streamed to stdout must learn
 * that its reader went away (a closed pipe, a dropped SSH connection) to stop the run.
 */
final class CheckedOutput extends OutputStream {

    private final PrintStream out;

    CheckedOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        check();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        check();
    }

    @Override
    public void flush() throws IOException {
        check(); // flushes
    }

    private void check() throws IOException {
        if (out.checkError()) {
            throw new IOException("standard output is closed: its reader went away");
        }
    }
}

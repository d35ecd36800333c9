package btrfs.workbench.ui.testing;

import java.util.function.BooleanSupplier;

import org.eclipse.swt.widgets.Display;

/** Runs the UI event loop until a condition holds; tests run on the UI thread. */
public final class UiWait {

    private static final long TIMEOUT_MILLIS = 60_000;

    private UiWait() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** Runs the event loop for {@code time}: for views that fill themselves in the background. */
    public static void pump(java.time.Duration time) {
        long until = System.nanoTime() + time.toNanos();
        until("time passed", () -> System.nanoTime() >= until);
    }

    /** {@link #until(String, BooleanSupplier)}, saying {@code state} when it times out. */
    public static void until(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + " " + state.get());
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
        while (display.readAndDispatch()) {
            // let layout and paint catch up before anyone looks at the widgets
        }
    }
}

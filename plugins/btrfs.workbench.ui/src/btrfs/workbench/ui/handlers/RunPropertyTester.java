package btrfs.workbench.ui.handlers;

import org.eclipse.core.expressions.PropertyTester;

import btrfs.workbench.session.run.ActiveRun;

/**
 * Properties of a run for enablement expressions ({@code btrfs.workbench.ui.live}: launched in
 * this session, here or on a server, {@code btrfs.workbench.ui.running}: still reading).
 */
public final class RunPropertyTester extends PropertyTester {

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        return switch (property) {
            case "live" -> receiver instanceof ActiveRun;
            case "running" -> running(receiver);
            default -> false;
        };
    }

    static boolean running(Object run) {
        return run instanceof ActiveRun active && !active.isFinished();
    }
}

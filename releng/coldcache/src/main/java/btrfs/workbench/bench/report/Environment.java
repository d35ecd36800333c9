package btrfs.workbench.bench.report;

/**
 * Where and with what the numbers were taken; they mean little without it.
 *
 * @param kernel  the running kernel's release
 * @param cpus    processors available to the JVM
 * @param progs   btrfs-progs' version line
 * @param engine  the engine's settings that matter for speed (reads in flight, coalescing)
 * @param storage what the loop devices' images sit on
 * @param load    the machine's 1-minute load average when measuring started and ended: other work
 *                on the machine shows in the spread of the runs
 */
public record Environment(String kernel, int cpus, String progs, String engine, String storage, String load) {
}

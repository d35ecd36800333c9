package btrfs.workbench.readahead;

/**
 * v4.19's copies, every default of {@link CopyPolicy}: one device reads the block; a copy that
 * fails to read or validate cuts the branch below it for every control waiting, though another
 * copy may be good. The v4.19 engine's policy, and the workbench's with {@code --no-failover}.
 */
final class CutBranch implements CopyPolicy {
}

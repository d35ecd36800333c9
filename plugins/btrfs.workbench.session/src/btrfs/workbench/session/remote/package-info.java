/**
 * Arrays on a server, watched here over the system's ssh: the server runs the headless CLI
 * ({@code scan --json}, {@code readahead ... --record -}) and this package reads what it prints.
 * {@link btrfs.workbench.session.remote.Server} says how to reach it,
 * {@link btrfs.workbench.session.remote.RemoteServer} asks for its version and arrays, and
 * {@link btrfs.workbench.session.remote.RemoteRun} shows a run there in the live views.
 */
package btrfs.workbench.session.remote;

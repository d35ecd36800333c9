package btrfs.workbench.session.remote;

import java.util.List;
import java.util.Map;

import btrfs.workbench.discovery.BtrfsArray;
import btrfs.workbench.session.ArrayTrees;
import btrfs.workbench.session.SessionException;

/** The trees of an array on a server, for the launch dialog: asked there, never opened here. */
public final class RemoteTrees extends ArrayTrees {

    private final RemoteServer server;

    public RemoteTrees(RemoteServer server) {
        this.server = server;
    }

    @Override
    public String load(BtrfsArray array) {
        try {
            TreeList trees = server.trees(array);
            set(trees.roots(), trees.subvolumePaths());
            return null;
        } catch (SessionException e) {
            set(List.of(), Map.of());
            return e.getMessage();
        }
    }
}

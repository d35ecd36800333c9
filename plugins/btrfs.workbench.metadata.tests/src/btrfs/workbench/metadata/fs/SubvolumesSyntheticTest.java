package btrfs.workbench.metadata.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import btrfs.workbench.metadata.Decoded;
import btrfs.workbench.metadata.MetadataProblem;
import btrfs.workbench.metadata.item.ItemProblem;
import btrfs.workbench.metadata.key.Key;
import btrfs.workbench.metadata.key.KeyType;
import btrfs.workbench.metadata.key.ObjectIds;
import btrfs.workbench.metadata.tree.BlockProblem;
import btrfs.workbench.metadata.tree.SyntheticTree;
import btrfs.workbench.metadata.tree.TreeRoot;

/**
 * Subvolume paths on hand-made root and fs trees: nesting in directories and in other subvolumes
 * (which the committed arrays do not have), and every kind of damage, which must give a
 * {@code ?/<id>} path and a problem, never an exception or an endless loop.
 */
class SubvolumesSyntheticTest {

    private static final long FS = ObjectIds.FS_TREE;
    private static final long TOP = ObjectIds.FIRST_FREE; // every subvolume's top directory
    private static final Duration BOUNDED = Duration.ofSeconds(10);

    private static List<String> paths(Subvolumes subvolumes) {
        return subvolumes.list().stream().map(s -> s.id() + " " + s.path()).toList();
    }

    private static Subvolumes read(SubvolumeFixture fixture) {
        return assertTimeoutPreemptively(BOUNDED, fixture::read);
    }

    private static String messages(Subvolumes subvolumes) {
        return String.join("\n", subvolumes.problems().stream().map(MetadataProblem::message).toList());
    }

    private static void assertOneProblem(Subvolumes result, long id, String fragment) {
        List<SubvolumeProblem> mine = result.problems().stream().filter(SubvolumeProblem.class::isInstance)
                .map(SubvolumeProblem.class::cast).toList();
        assertEquals(1, mine.size(), () -> messages(result));
        assertEquals(id, mine.get(0).id(), () -> messages(result));
        assertTrue(mine.get(0).reason().contains(fragment), () -> messages(result));
    }

    /** /a/b/s (256), in it t (257), in t's directory d: u (258). */
    private static SubvolumeFixture nested() {
        return new SubvolumeFixture().subvolume(FS).subvolume(256).subvolume(257).subvolume(258)
                .dir(FS, 257, TOP, "a").dir(FS, 258, 257, "b").link(256, FS, 258, "s")
                .link(257, 256, TOP, "t")
                .dir(257, 300, TOP, "d").link(258, 257, 300, "u");
    }

    @Test
    void nestedPathsFollowDirectoriesAndParentSubvolumes() {
        Subvolumes result = read(nested());
        assertEquals(List.of("5 ", "256 a/b/s", "257 a/b/s/t", "258 a/b/s/t/d/u"), paths(result));
        assertEquals(List.of(), result.problems());
        Subvolume u = result.byId(258).orElseThrow();
        assertEquals(257, u.parentId());
        assertEquals("u", u.name());
        assertTrue(u.pathKnown());
        Subvolume top = result.list().get(0);
        assertTrue(top.isTopLevel());
        assertEquals("<FS_TREE>", top.label());
        assertEquals(0, top.parentId());
    }

    @Test
    void rootsAreThoseOfTheRootItems() {
        Subvolumes result = read(nested());
        assertEquals(List.of(5L, 256L, 257L, 258L), result.list().stream().map(s -> s.root().id()).toList());
        assertEquals(new Key(256, KeyType.ROOT_ITEM.code(), 0), result.byId(256).orElseThrow().root().rootItemKey());
    }

    /** Only trees that can be subvolumes: not EXTENT_TREE, not the relocation trees. */
    @Test
    void internalTreesAreNotSubvolumes() {
        byte[] item = SubvolumeFixture.rootItem(0, 1);
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).link(256, FS, TOP, "v")
                .rootTreeItem(new Key(ObjectIds.EXTENT_TREE, KeyType.ROOT_ITEM.code(), 0), item)
                .rootTreeItem(new Key(ObjectIds.TREE_RELOC, KeyType.ROOT_ITEM.code(), 256), item)
                .rootTreeItem(new Key(ObjectIds.DATA_RELOC_TREE, KeyType.ROOT_ITEM.code(), 0), item));
        assertEquals(List.of("5 ", "256 v"), paths(result));
    }

    @Test
    void eitherEndOfALinkIsEnough() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).subvolume(257)
                .backref(256, FS, SubvolumeFixture.rootRef(TOP, 1, "only-backref"))
                .ref(257, FS, SubvolumeFixture.rootRef(TOP, 2, "only-ref")));
        assertEquals(List.of("5 ", "256 only-backref", "257 only-ref"), paths(result));
        assertEquals(List.of(), result.problems());
    }

    @Test
    void disagreeingEndsAreReportedAndTheBackrefWins() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256)
                .backref(256, FS, SubvolumeFixture.rootRef(TOP, 1, "back"))
                .ref(256, FS, SubvolumeFixture.rootRef(TOP, 1, "forward")));
        assertEquals(List.of("5 ", "256 back"), paths(result));
        assertOneProblem(result, 256, "differ; using the ROOT_BACKREF");
    }

    @Test
    void missingLinkGivesAPlaceholderAndItsChildrenKeepTheirNames() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).subvolume(257)
                .link(257, 256, TOP, "child"));
        assertEquals(List.of("5 ", "256 ?/256", "257 ?/256/child"), paths(result));
        assertFalse(result.byId(256).orElseThrow().pathKnown());
        Subvolume child = result.byId(257).orElseThrow();
        assertFalse(child.pathKnown());
        assertEquals(256, child.parentId());
        assertOneProblem(result, 256, "no ROOT_BACKREF or ROOT_REF");
    }

    /** Deleted subvolumes wait unlinked for the cleaner: no path, but nothing wrong either. */
    @Test
    void deletedSubvolumeHasNoPathAndNoProblem() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).deleted(256));
        Subvolume deleted = result.byId(256).orElseThrow();
        assertTrue(deleted.isDeleted());
        assertEquals("?/256", deleted.path());
        assertEquals("DELETED", deleted.label());
        assertEquals(List.of(), result.problems());
    }

    @Test
    void badRootBackrefIsAnItemProblem() {
        byte[] cut = Arrays.copyOf(SubvolumeFixture.rootRef(TOP, 1, "vol"), 12);
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).backref(256, FS, cut));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        ItemProblem item = assertInstanceOf(ItemProblem.class, result.problems().get(0), () -> messages(result));
        assertEquals(new Key(256, KeyType.ROOT_BACKREF.code(), FS), item.key());
        assertOneProblem(result, 256, "no ROOT_BACKREF or ROOT_REF");
    }

    @Test
    void inodeRefCycleIsCutNotFollowedForever() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256)
                .dir(FS, 257, 258, "x").dir(FS, 258, 257, "y").link(256, FS, 257, "lost"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        assertOneProblem(result, 256, "its own ancestor (INODE_REF cycle)");
    }

    @Test
    void selfParentDirectoryIsACycle() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256)
                .dir(FS, 257, 257, "me").link(256, FS, 257, "lost"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        assertOneProblem(result, 256, "INODE_REF cycle");
    }

    @Test
    void subvolumeLinkCycleIsCutNotFollowedForever() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).subvolume(257)
                .link(256, 257, TOP, "a").link(257, 256, TOP, "b"));
        assertEquals(List.of("5 ", "256 ?/256", "257 ?/256/b"), paths(result));
        assertOneProblem(result, 256, "its parents lead back to it: 256 -> 257 -> 256");
    }

    @Test
    void subvolumeLinkedIntoItselfIsACycle() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).link(256, 256, TOP, "me"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        assertOneProblem(result, 256, "256 -> 256");
    }

    @Test
    void missingDirectoryInodeRef() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).link(256, FS, 999, "v"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        assertOneProblem(result, 256, "inode 999 has no INODE_REF in tree FS_TREE");
    }

    @Test
    void badInodeRefIsAnItemProblem() {
        byte[] cut = Arrays.copyOf(SubvolumeFixture.inodeRef(2, "dir"), 11);
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256)
                .inodeRef(FS, 257, TOP, cut).link(256, FS, 257, "v"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        ItemProblem item = assertInstanceOf(ItemProblem.class, result.problems().get(0), () -> messages(result));
        assertEquals(new Key(257, KeyType.INODE_REF.code(), TOP), item.key());
        assertEquals(ObjectIds.FS_TREE, item.tree());
        assertOneProblem(result, 256, "name of 3 bytes runs past");
    }

    @Test
    void parentWithoutRootItem() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).link(256, 300, TOP, "v"));
        assertEquals(List.of("5 ", "256 ?/256"), paths(result));
        assertOneProblem(result, 256, "the parent has no ROOT_ITEM");
    }

    /** A link in the parent's top directory needs no read of the parent's tree; one below it does. */
    @Test
    void unreadableParentTree() {
        Subvolumes result = read(new SubvolumeFixture().subvolume(FS).subvolume(256).subvolume(257).subvolume(258)
                .unreadable(256).link(256, FS, TOP, "p").link(257, 256, TOP, "top-dir")
                .link(258, 256, 260, "deeper"));
        assertEquals(List.of("5 ", "256 p", "257 p/top-dir", "258 ?/258"), paths(result));
        assertTrue(result.problems().stream().anyMatch(BlockProblem.class::isInstance), () -> messages(result));
        assertOneProblem(result, 258, "directory 260 of parent 256: inode 260 has no INODE_REF in tree 256"
                + " (reading it met 1 block problem(s))");
    }

    @Test
    void unreadableRootTreeGivesNoSubvolumesAndAProblem() {
        SyntheticTree device = new SubvolumeFixture().subvolume(FS).subvolume(256).device();
        TreeRoot zeros = new TreeRoot(ObjectIds.ROOT_TREE, null, SyntheticTree.at(40), 0, SubvolumeFixture.GEN);
        Subvolumes result = assertTimeoutPreemptively(BOUNDED, () -> Subvolumes.read(device.walker(), zeros));
        assertEquals(List.of(), result.list());
        assertInstanceOf(BlockProblem.class, result.problems().get(0));
    }

    @Test
    void directoryDepthIsBounded() {
        SubvolumeFixture fixture = new SubvolumeFixture().subvolume(FS).dir(FS, 257, TOP, "a").dir(FS, 258, 257, "b")
                .dir(FS, 259, 258, "c");
        SyntheticTree device = fixture.device();
        TreeRoot fsTree = Subvolumes.read(device.walker(), fixture.rootTree()).byId(FS).orElseThrow().root();
        List<MetadataProblem> problems = new ArrayList<>();
        assertEquals(Decoded.ok("a/b/c"), DirPath.of(device.walker(), fsTree, 259, 3, problems));
        assertEquals(Decoded.bad("directory 259 is more than 2 directories deep"),
                DirPath.of(device.walker(), fsTree, 259, 2, problems));
        assertEquals(Decoded.ok(""), DirPath.of(device.walker(), fsTree, TOP, 0, problems));
        assertEquals(List.of(), problems);
    }
}

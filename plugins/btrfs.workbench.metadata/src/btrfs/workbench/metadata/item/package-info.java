/**
 * Decoders of the item types the workbench needs: ROOT_ITEM, ROOT_REF / ROOT_BACKREF, INODE_REF,
 * DEV_ITEM, DEV_EXTENT, BLOCK_GROUP_ITEM.
 */
package btrfs.workbench.metadata.item;

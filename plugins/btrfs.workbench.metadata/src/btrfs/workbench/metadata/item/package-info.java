/** Decoders of the item types the workbench needs: ROOT_ITEM, DEV_ITEM, DEV_EXTENT, BLOCK_GROUP_ITEM. */
package btrfs.workbench.metadata.item;

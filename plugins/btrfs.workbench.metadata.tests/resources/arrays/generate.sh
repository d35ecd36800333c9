#!/bin/bash
# Small mkfs-written arrays for profiles and stripe counts the kernel-written arrays of
# testdata/arrays do not have (RAID1C4, RAID10 over 6 devices, RAID5/RAID6 with 3 data
# stripes). Same layout as testdata/arrays (array.tsv, devN.img.zst, truth/ by btrfs-progs),
# so the data-driven tests of btrfs.workbench.metadata.tests take them as they are.
# Needs mkfs.btrfs / btrfs (btrfs-progs), zstd, sha256sum; no root, nothing is mounted.
#
#   plugins/btrfs.workbench.metadata.tests/resources/arrays/generate.sh
set -euo pipefail
cd "$(dirname "$0")"

build() { # name csum nodesize ndev profile fsid-suffix
  local name=$1 csum=$2 nodesize=$3 ndev=$4 profile=$5 n=$6
  local work; work=$(mktemp -d)
  local imgs=() i
  for ((i = 1; i <= ndev; i++)); do truncate -s 128M "$work/dev$i.img"; imgs+=("$work/dev$i.img"); done
  mkfs.btrfs -q -f -L "wb-$name" -U "b7f5b7f5-0000-4000-8000-0000000001$n" -n "$nodesize" --csum "$csum" \
    -m "$profile" -d "$profile" "${imgs[@]}" > /dev/null
  rm -rf "$name"; mkdir -p "$name/truth"
  local t="$name/truth"
  for ((i = 1; i <= ndev; i++)); do
    btrfs inspect-internal dump-super -f "$work/dev$i.img" > "$t/dump-super-dev$i.txt"
    zstd -q -19 -f "$work/dev$i.img" -o "$name/dev$i.img.zst"
  done
  btrfs inspect-internal dump-tree -t chunk "${imgs[@]}" > "$t/dump-tree-chunk.txt"
  btrfs inspect-internal dump-tree -t root "${imgs[@]}" > "$t/dump-tree-root.txt"
  chunks "${imgs[@]}" > "$t/chunks.tsv"
  trees "$t" "${imgs[@]}"
  tsv "$name" "$work" "$ndev" > "$name/array.tsv"
  rm -rf "$work"
}

chunks() {
  printf 'logical\tlength\ttype\tnum_stripes\tstripes(devid:physical)\n'
  btrfs inspect-internal dump-tree -t chunk "$@" | awk '
    function flush() { if (start != "") printf "%s\t%s\t%s\t%s\t%s\n", start, len, typ, ns, st }
    /key \(FIRST_CHUNK_TREE CHUNK_ITEM [0-9]+\)/ { flush(); start=$6; sub(/\)$/, "", start); st=""; ns=0 }
    /^[ \t]+length [0-9]+ owner/ { len=$2; for (i=1;i<=NF;i++) if ($i=="type") typ=$(i+1) }
    /^[ \t]+stripe [0-9]+ devid [0-9]+ offset [0-9]+/ { st = st (ns ? "," : "") $4 ":" $6; ns++ }
    END { flush() }'
}

trees() { # truth-dir images...
  local t=$1; shift
  local sb="$t/dump-super-dev1.txt"
  {
    printf 'treeid\tname\troot_bytenr\tlevel\tblocks\n'
    { awk '$1=="root" {r=$2} $1=="root_level" {l=$2} END {printf "1\troot\t%s\t%s\n", r, l}' "$sb"
      awk '$1=="chunk_root" {r=$2} $1=="chunk_root_level" {l=$2} END {printf "3\tchunk\t%s\t%s\n", r, l}' "$sb"
      awk '
        BEGIN { id["EXTENT_TREE"]=2; id["DEV_TREE"]=4; id["FS_TREE"]=5; id["CSUM_TREE"]=7; id["QUOTA_TREE"]=8;
                id["UUID_TREE"]=9; id["FREE_SPACE_TREE"]=10; id["DATA_RELOC_TREE"]="18446744073709551607"
                nm["EXTENT_TREE"]="extent"; nm["DEV_TREE"]="dev"; nm["FS_TREE"]="fs"; nm["CSUM_TREE"]="csum";
                nm["QUOTA_TREE"]="quota"; nm["UUID_TREE"]="uuid"; nm["FREE_SPACE_TREE"]="free-space";
                nm["DATA_RELOC_TREE"]="data-reloc" }
        /item [0-9]+ key \([^ ]+ ROOT_ITEM / { o=$4; sub(/^\(/, "", o); cur=(o in id) ? id[o] : o;
                                              name=(o in nm) ? nm[o] : "subvol-" o; want=1; next }
        want && / bytenr [0-9]+ / { for (i=1;i<=NF;i++) if ($i=="bytenr") b=$(i+1) }
        want && /^[ \t]+level [0-9]+ generation_v2/ { printf "%s\t%s\t%s\t%s\n", cur, name, b, $2; want=0 }
      ' "$t/dump-tree-root.txt"
    } | while IFS=$'\t' read -r tid tname tb tl; do
      btrfs inspect-internal dump-tree -t "$tid" "$@" \
        | grep -E '^(node|leaf) [0-9]+ (level [0-9]+ )?items [0-9]+ free space [0-9]+ generation [0-9]+ owner ' \
        > "$t/blocks-$tid.txt"
      printf '%s\t%s\t%s\t%s\t%s\n' "$tid" "$tname" "$tb" "$tl" "$(wc -l < "$t/blocks-$tid.txt")"
    done
  } > "$t/trees.tsv"
}

tsv() { # name work ndev
  local name=$1 work=$2 ndev=$3 sb="$1/truth/dump-super-dev1.txt" i
  sv() { awk -v k="$1" '$1==k { $1=""; sub(/^ /, ""); print; exit }' "$2"; }
  printf 'key\tvalue\nname\t%s\nlabel\t%s\nfsid\t%s\n' "$name" "$(sv label "$sb")" "$(sv fsid "$sb")"
  printf 'generation\t%s\nnum_devices\t%s\n' "$(sv generation "$sb")" "$ndev"
  printf 'generator\t%s (mkfs only, nothing mounted)\n' "$(mkfs.btrfs --version 2>&1 | head -n1)"
  for ((i = 1; i <= ndev; i++)); do
    local d="$name/truth/dump-super-dev$i.txt"
    printf 'dev.%d.file\tdev%d.img.zst\ndev.%d.devid\t%s\ndev.%d.uuid\t%s\ndev.%d.size\t%s\ndev.%d.sha256\t%s\n' \
      "$i" "$i" "$i" "$(sv dev_item.devid "$d")" "$i" "$(sv dev_item.uuid "$d")" \
      "$i" "$(stat -c %s "$work/dev$i.img")" "$i" "$(sha256sum "$work/dev$i.img" | cut -d' ' -f1)"
  done
}

build mkfs-raid1c4-xxhash-16k xxhash 16384 4 raid1c4 01
build mkfs-raid10x6-crc32c-16k crc32c 16384 6 raid10 02
build mkfs-raid5x4-blake2-32k blake2 32768 4 raid5 03
build mkfs-raid6x5-sha256-16k sha256 16384 5 raid6 04

#!/usr/bin/env bash
# Generates small btrfs arrays written by the Linux kernel, records ground truth
# with btrfs-progs and compresses the device images for committing.
#
#   sudo testdata/generate.sh            # regenerate all arrays
#   sudo testdata/generate.sh NAME...    # regenerate only the named arrays
#   testdata/generate.sh --list          # list the known array names
#   sudo testdata/generate.sh --subvolumes-truth [NAME...]
#                                        # only (re)write truth/subvolumes.txt of existing
#                                        # arrays, from their images attached read-only
#
# Environment: WORKDIR (scratch dir, default testdata/.work), KEEP_WORK=1 keeps
# the uncompressed images there after a successful run. For arrays beyond the
# committed ones (the tests are data-driven: run them with
# -Dbtrfs.workbench.arrays=DIR): OUT (output dir, default testdata/arrays),
# SEED (salt for the content, default none), DEVSIZE (e.g. 192M, overrides
# every array's device size) and MIN_META_BGS (metadata block groups every device
# must have at least, default 2; more zones for the readahead engine).
#
# See arrays/README.md for the output layout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE/arrays}
SEED=${SEED:-}
DEVSIZE_OVERRIDE=${DEVSIZE:-}
MIN_META_BGS_OVERRIDE=${MIN_META_BGS:-}
WORKDIR=${WORKDIR:-$HERE/.work}
POPULATE="$HERE/populate.py"
# private libblkid cache for btrfs-progs: the system cache would remember our
# (later detached) loop devices and make btrfs-progs complain about them
export BLKID_FILE="$WORKDIR/blkid.tab"

ALL_ARRAYS=(
  single-crc32c-16k
  dup-xxhash-4k
  raid0-sha256-16k
  raid1-blake2-16k
  raid1c3-crc32c-64k
  raid10-xxhash-16k
  raid5-crc32c-16k
  raid6-sha256-16k
  mixed-crc32c-4k
  raid1-quota-sha256-32k
)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
missing() { printf 'MISSING PREREQUISITE: %s\n' "$*" >&2; exit 2; }

# --------------------------------------------------------------------------
# array definitions
# --------------------------------------------------------------------------
# Sets: NDEV DEVSIZE MPROF DPROF CSUM NODESIZE MIXED FSID LABEL MIN_META_BGS
#       QUOTA BALANCE (balance right after mount: "" none, "d0" -dusage=0,
#       "dm" -dusage=0 and -m, i.e. all chunks re-allocated by the kernel)
spec() {
  MIXED=0 QUOTA=0 BALANCE= MIN_META_BGS=2 MIN_LEAVES=8 DEVSIZE=128M
  case "$1" in
    single-crc32c-16k)  NDEV=1 MPROF=single  DPROF=single  CSUM=crc32c NODESIZE=16384 N=01 ;;
    dup-xxhash-4k)      DEVSIZE=160M NDEV=1 MPROF=dup     DPROF=single  CSUM=xxhash NODESIZE=4096  N=02 ;;
    raid0-sha256-16k)   NDEV=2 MPROF=raid0   DPROF=raid0   CSUM=sha256 NODESIZE=16384 N=03 BALANCE=dm ;;
    raid1-blake2-16k)   DEVSIZE=160M NDEV=3 MPROF=raid1   DPROF=single  CSUM=blake2 NODESIZE=16384 N=04 ;;
    raid1c3-crc32c-64k) DEVSIZE=160M NDEV=3 MPROF=raid1c3 DPROF=single  CSUM=crc32c NODESIZE=65536 N=05 ;;
    raid10-xxhash-16k)  DEVSIZE=160M NDEV=4 MPROF=raid10  DPROF=raid10  CSUM=xxhash NODESIZE=16384 N=06 BALANCE=dm ;;
    raid5-crc32c-16k)   DEVSIZE=160M NDEV=3 MPROF=raid5   DPROF=raid5   CSUM=crc32c NODESIZE=16384 N=07 BALANCE=dm ;;
    raid6-sha256-16k)   DEVSIZE=160M NDEV=4 MPROF=raid6   DPROF=raid6   CSUM=sha256 NODESIZE=16384 N=08 BALANCE=dm ;;
    mixed-crc32c-4k)    NDEV=1 MPROF=single  DPROF=single  CSUM=crc32c NODESIZE=4096  N=09 MIXED=1 ;;
    raid1-quota-sha256-32k) NDEV=2 MPROF=raid1 DPROF=single CSUM=sha256 NODESIZE=32768 N=10 QUOTA=1 ;;
    *) die "unknown array '$1' (known: ${ALL_ARRAYS[*]})" ;;
  esac
  [[ -z $DEVSIZE_OVERRIDE ]] || DEVSIZE=$DEVSIZE_OVERRIDE
  [[ -z $MIN_META_BGS_OVERRIDE ]] || MIN_META_BGS=$MIN_META_BGS_OVERRIDE
  FSID="b7f5b7f5-0000-4000-8000-0000000000$N"
  LABEL="btrfs-wb-$1"
  LABEL=${LABEL:0:255}
}

# --------------------------------------------------------------------------
# prerequisites
# --------------------------------------------------------------------------
check_prereqs() {
  [[ $(id -u) -eq 0 ]] || missing "must run as root (loop devices, mkfs, mount): sudo $0 $*"
  command -v mkfs.btrfs >/dev/null && command -v btrfs >/dev/null \
    || missing "mkfs.btrfs/btrfs not found: apt-get install btrfs-progs"
  command -v zstd >/dev/null || missing "zstd not found: apt-get install zstd"
  command -v python3 >/dev/null || missing "python3 not found: apt-get install python3"
  local c
  for c in losetup mount umount truncate sha256sum fstrim mountpoint; do
    command -v "$c" >/dev/null || missing "$c not found: apt-get install util-linux coreutils"
  done
  if ! grep -qw btrfs /proc/filesystems; then
    modprobe btrfs 2>/dev/null || true
    grep -qw btrfs /proc/filesystems || missing "btrfs not in /proc/filesystems: modprobe btrfs (kernel without btrfs?)"
  fi
  losetup --find >/dev/null 2>&1 || missing "losetup --find fails: no free loop device (modprobe loop; inside a container use --privileged)"
  [[ -f $POPULATE ]] || missing "$POPULATE not found"
}

# --------------------------------------------------------------------------
# cleanup of the current array (mount + loop devices), also on error
# --------------------------------------------------------------------------
CUR_MNT=""
CUR_LOOPS=()

release() {
  local l
  if [[ -n $CUR_MNT ]] && mountpoint -q "$CUR_MNT"; then
    umount "$CUR_MNT" 2>/dev/null || { sleep 2; umount "$CUR_MNT"; } || umount -l "$CUR_MNT" || true
  fi
  for l in "${CUR_LOOPS[@]}"; do
    btrfs device scan --forget "$l" >/dev/null 2>&1 || true
    losetup -d "$l" 2>/dev/null || true
  done
  CUR_LOOPS=()
  rm -f "$BLKID_FILE" "$BLKID_FILE.old"
}

on_exit() {
  local rc=$?
  set +e
  release
  if [[ $rc -ne 0 ]]; then
    printf 'generate.sh FAILED (exit %d); scratch files left in %s\n' "$rc" "$WORKDIR" >&2
  fi
  exit $rc
}

# detach loop devices left over from an aborted earlier run on our own images
detach_stale() {
  local img l
  for img in "$@"; do
    [[ -e $img ]] || continue
    for l in $(losetup -n -O NAME -j "$img" 2>/dev/null); do
      for m in $(findmnt -n -o TARGET -S "$l" 2>/dev/null); do umount "$m" || true; done
      log "detaching stale $l ($img)"
      losetup -d "$l" || true
    done
  done
}

# --------------------------------------------------------------------------
# subvolume truth (the images mounted read-only)
# --------------------------------------------------------------------------
# btrfs subvolume list of the images (IDs, generations, parents, uuids, paths):
# mounted read-only at the top level (subvolid=5), so every path is relative to
# it, from read-only loop devices, so the images stay as they are
subvolumes_truth() {
  local out=$1 mnt=$2; shift 2
  local img l opts="ro,norecovery,subvolid=5"
  mkdir -p "$mnt"
  CUR_MNT=$mnt
  for img in "$@"; do
    l=$(losetup -r --find --show "$img")
    CUR_LOOPS+=("$l")
    opts+=",device=$l"
  done
  mount -t btrfs -o "$opts" "${CUR_LOOPS[0]}" "$mnt" \
    || { dmesg | tail -n 20 >&2; die "read-only mount of $* failed"; }
  btrfs subvolume list -p -u -q "$mnt" > "$out"
  release
  CUR_MNT=""
  rmdir "$mnt"
}

# --subvolumes-truth: truth/subvolumes.txt for an existing array; its images are
# unpacked to WORKDIR and checked against array.tsv's sha256 first
add_subvolumes_truth() {
  local name=$1 dir="$OUT/$1" work="$WORKDIR/$1-subvolumes" imgs=() i file sum
  [[ -f $dir/array.tsv ]] || die "$name: no $dir/array.tsv"
  rm -rf "$work"
  mkdir -p "$work"
  for ((i = 1; ; i++)); do
    file=$(awk -F'\t' -v k="dev.$i.file" '$1==k { print $2 }' "$dir/array.tsv")
    [[ -n $file ]] || break
    sum=$(awk -F'\t' -v k="dev.$i.sha256" '$1==k { print $2 }' "$dir/array.tsv")
    zstd -q -d -f "$dir/$file" -o "$work/dev$i.img"
    [[ $(sha256sum "$work/dev$i.img" | cut -d' ' -f1) == "$sum" ]] \
      || die "$name: unpacked $file does not have array.tsv's sha256"
    imgs+=("$work/dev$i.img")
  done
  ((${#imgs[@]})) || die "$name: array.tsv lists no devices"
  detach_stale "${imgs[@]}"
  subvolumes_truth "$dir/truth/subvolumes.txt" "$work/mnt" "${imgs[@]}"
  rm -rf "$work"
  log "$name: truth/subvolumes.txt, $(wc -l < "$dir/truth/subvolumes.txt") subvolumes"
}

# --------------------------------------------------------------------------
# chunk tree helpers (read the image files, never the mounted fs)
# --------------------------------------------------------------------------
# prints "devid count" = number of distinct METADATA (or mixed) chunks with a stripe on devid
meta_bgs_per_dev() {
  btrfs inspect-internal dump-tree -t chunk "$@" 2>/dev/null | awk '
    /key \(FIRST_CHUNK_TREE CHUNK_ITEM [0-9]+\)/ { start=$6; sub(/\)$/, "", start); typ="" }
    / type [A-Z0-9|]+/ { for (i=1;i<=NF;i++) if ($i=="type") typ=$(i+1) }
    /^[ \t]+stripe [0-9]+ devid [0-9]+/ && typ ~ /METADATA/ { seen[$4 " " start]=1 }
    END { for (k in seen) { split(k, a, " "); n[a[1]]++ } for (d in n) print d, n[d] }' | sort -n
}

# TSV of all chunks: logical length type num_stripes devid:physical,...
chunks_tsv() {
  printf 'logical\tlength\ttype\tnum_stripes\tstripes(devid:physical)\n'
  btrfs inspect-internal dump-tree -t chunk "$@" | awk '
    function flush() { if (start != "") printf "%s\t%s\t%s\t%s\t%s\n", start, len, typ, ns, st }
    /key \(FIRST_CHUNK_TREE CHUNK_ITEM [0-9]+\)/ { flush(); start=$6; sub(/\)$/, "", start); st=""; ns=0; typ=""; len="" }
    /^[ \t]+length [0-9]+ owner/ { len=$2; for (i=1;i<=NF;i++) if ($i=="type") typ=$(i+1) }
    /^[ \t]+stripe [0-9]+ devid [0-9]+ offset [0-9]+/ { st = st (ns ? "," : "") $4 ":" $6; ns++ }
    END { flush() }'
}

min_meta_bgs() { # devices... -> minimum over all devids (0 if a device has none)
  local ndev=$1; shift
  meta_bgs_per_dev "$@" | awk -v ndev="$ndev" '{ c[$1]=$2 } END {
    m=-1; for (d=1; d<=ndev; d++) { v=(d in c)?c[d]:0; if (m<0||v<m) m=v } print m }'
}

# --------------------------------------------------------------------------
# one array
# --------------------------------------------------------------------------
build_array() {
  local name=$1
  spec "$name"
  local t0=$SECONDS
  local work="$WORKDIR/$name" dst="$OUT/$name"
  local mnt="$work/mnt"
  local imgs=() i
  for ((i = 1; i <= NDEV; i++)); do imgs+=("$work/dev$i.img"); done

  log "=== $name: $NDEV x $DEVSIZE, $([[ $MIXED -eq 1 ]] && echo "--mixed" || echo "-m $MPROF -d $DPROF"), csum $CSUM, nodesize $NODESIZE"
  detach_stale "${imgs[@]}"
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  rm -rf "$work"
  mkdir -p "$work" "$mnt"

  # ---- sparse images + mkfs (fixed fsid and label)
  for i in "${imgs[@]}"; do truncate -s "$DEVSIZE" "$i"; done
  local mkfs_args=(-f -q -U "$FSID" -L "$LABEL" --csum "$CSUM" -n "$NODESIZE" -s 4096)
  if mkfs.btrfs --help 2>&1 | grep -q -- '--device-uuid'; then
    # newer btrfs-progs: also fix the device uuid (only possible for single-device mkfs)
    [[ $NDEV -eq 1 ]] && mkfs_args+=(--device-uuid "b7f5d000-0000-4000-8000-0000000000$N")
  fi
  if [[ $MIXED -eq 1 ]]; then
    mkfs_args+=(--mixed)
  else
    mkfs_args+=(-m "$MPROF" -d "$DPROF")
  fi
  [[ $QUOTA -eq 1 ]] && mkfs_args+=(-R quota)
  mkfs.btrfs "${mkfs_args[@]}" "${imgs[@]}" > "$work/mkfs.log" 2>&1 \
    || { cat "$work/mkfs.log" >&2; die "$name: mkfs.btrfs failed"; }

  # ---- attach + mount
  CUR_MNT=$mnt
  local opts="max_inline=2048,noatime" l
  for i in "${imgs[@]}"; do
    l=$(losetup --find --show "$i")
    CUR_LOOPS+=("$l")
    opts+=",device=$l"
  done
  mount -t btrfs -o "$opts" "${CUR_LOOPS[0]}" "$mnt" \
    || { dmesg | tail -n 20 >&2; die "$name: mount failed"; }

  # replace the (large) empty mkfs data chunk, optionally metadata too, by
  # kernel-allocated chunks (capped at 10% of the fs size): leaves room and makes
  # fewer files necessary to get several metadata block groups
  case "$BALANCE" in
    d0) btrfs balance start -dusage=0 "$mnt" >/dev/null ;;
    dm) btrfs balance start -dusage=0 "$mnt" >/dev/null
        btrfs balance start -m "$mnt" >/dev/null ;;
  esac

  # ---- deterministic content
  python3 "$POPULATE" base "$mnt/base" "$name$SEED"
  btrfs subvolume create "$mnt/vol1" >/dev/null                      # id 256
  python3 "$POPULATE" vol "$mnt/vol1" "$name$SEED"
  btrfs subvolume create "$mnt/bulk" >/dev/null                      # id 257
  sync

  # bulk fill: add directories of small inline files until every device has
  # at least MIN_META_BGS metadata block groups and every metadata block group
  # holds at least MIN_LEAVES leaves of the bulk tree
  # (each bulk file carries one zero-filled xattr of about one leaf, see populate.py)
  local per=100 next=0 have cover=0 maxdirs=600
  local ballast=$((NODESIZE - 2400)) batch=$((4 * 1024 * 1024 / (100 * NODESIZE)))
  ((ballast <= 65000)) || ballast=65000
  ((batch >= 1)) || batch=1
  while :; do
    python3 "$POPULATE" bulk "$mnt/bulk" "$name$SEED" "$next" "$batch" "$per" "$ballast"
    next=$((next + batch))
    sync
    have=$(min_meta_bgs "$NDEV" "${imgs[@]}")
    if ((have >= MIN_META_BGS)); then
      chunks_tsv "${imgs[@]}" > "$work/chunks.tmp"
      btrfs inspect-internal dump-tree -t 257 "${imgs[@]}" > "$work/bulk.dump"
      cover=$(python3 "$POPULATE" bgcover "$work/bulk.dump" "$work/chunks.tmp")
      ((cover < MIN_LEAVES)) || break
    fi
    ((next < maxdirs)) || die "$name: only $have metadata block group(s) on some device / $cover bulk leaves in some block group after $((next * per)) bulk files"
  done
  log "$name: $((next * per)) bulk files -> metadata BGs per devid: $(meta_bgs_per_dev "${imgs[@]}" | awk '{printf "%s%s=%s", (NR>1?" ":""), $1, $2}'), >= $cover bulk leaves per BG"
  # delete most of the bulk again (keeping some leaves in every block group)
  python3 "$POPULATE" prune "$mnt/bulk" 8 "$work/bulk.dump" "$work/chunks.tmp"
  rm -f "$work/bulk.dump" "$work/chunks.tmp"
  sync

  # ---- snapshots and changes after them
  btrfs subvolume snapshot -r "$mnt/vol1" "$mnt/vol1-ro" >/dev/null   # id 258
  btrfs subvolume snapshot "$mnt" "$mnt/snap" >/dev/null              # id 259
  python3 "$POPULATE" post "$mnt" "$name$SEED"
  python3 "$POPULATE" postsnap "$mnt/snap" "$name$SEED"

  if [[ $QUOTA -eq 1 ]]; then
    btrfs qgroup create 1/100 "$mnt"
    btrfs qgroup assign --no-rescan 0/256 1/100 "$mnt" 2>/dev/null
    btrfs qgroup assign --no-rescan 0/258 1/100 "$mnt" 2>/dev/null
    btrfs qgroup limit 64M 0/256 "$mnt"
    btrfs qgroup limit 100M 1/100 "$mnt"
    btrfs quota rescan -w "$mnt" >/dev/null
  fi

  btrfs filesystem sync "$mnt"
  sync

  # ---- manifest of all files (read from the mounted fs)
  mkdir -p "$work/truth"
  {
    printf 'subvol\tpath\ttype\tino\tmode\tnlink\tsize\tmtime\tsha256\ttarget\txattrs\n'
    python3 "$POPULATE" manifest "$mnt" 5
    local id path
    while read -r id path; do
      python3 "$POPULATE" manifest "$mnt/$path" "$id"
    done < <(btrfs subvolume list "$mnt" | awk '{ print $2, $NF }' | sort -n)
  } > "$work/truth/files.tsv"
  zstd -q -19 --rm -f "$work/truth/files.tsv"   # -> files.tsv.zst (large, mostly bulk/)
  btrfs filesystem usage -b "$mnt" > "$work/usage.txt" 2>&1 || true

  # zero freed space (loop devices punch holes) so stale blocks do not bloat the images
  fstrim "$mnt"
  umount "$mnt"
  # consistency check of the unmounted filesystem (loop devices still attached)
  btrfs check --readonly "${CUR_LOOPS[0]}" > "$work/truth/btrfs-check.txt" 2>&1 \
    || { cat "$work/truth/btrfs-check.txt" >&2; die "$name: btrfs check found errors"; }
  release
  CUR_MNT=""

  # ---- ground truth from the unmounted images
  truth "$name" "$work" "${imgs[@]}"

  # ---- verify metadata block groups
  local got
  got=$(min_meta_bgs "$NDEV" "${imgs[@]}")
  if ((got < MIN_META_BGS)); then
    die "$name: expected >= $MIN_META_BGS metadata block groups on every device, got min $got (devid count: $(meta_bgs_per_dev "${imgs[@]}" | tr '\n' ' '))"
  fi
  check_blocks_in_every_meta_bg "$name" "$work/truth"

  # ---- compress + describe
  rm -rf "$dst.new"
  mkdir -p "$dst.new"
  cp -r "$work/truth" "$dst.new/truth"
  for ((i = 1; i <= NDEV; i++)); do
    zstd -q -19 -f "$work/dev$i.img" -o "$dst.new/dev$i.img.zst"
    zstd -q -t "$dst.new/dev$i.img.zst"
  done
  write_array_tsv "$name" "$work" "$dst.new" > "$dst.new/array.tsv"
  rm -rf "$dst"
  mv "$dst.new" "$dst"
  [[ ${KEEP_WORK:-0} == 1 ]] || rm -rf "$work"
  log "$name: done in $((SECONDS - t0))s, $(du -sh "$dst" | cut -f1)"
}

# block header lines of one tree, in dump order
block_headers() {
  grep -E '^(node|leaf) [0-9]+ (level [0-9]+ )?items [0-9]+ free space [0-9]+ generation [0-9]+ owner '
}

truth() {
  local name=$1 work=$2; shift 2
  local imgs=("$@") t="$work/truth" i
  mkdir -p "$t"
  for ((i = 1; i <= ${#imgs[@]}; i++)); do
    btrfs inspect-internal dump-super -f "${imgs[i - 1]}" > "$t/dump-super-dev$i.txt"
  done
  btrfs inspect-internal dump-tree -t chunk "${imgs[@]}" > "$t/dump-tree-chunk.txt"
  btrfs inspect-internal dump-tree -t root "${imgs[@]}" > "$t/dump-tree-root.txt"
  chunks_tsv "${imgs[@]}" > "$t/chunks.tsv"
  subvolumes_truth "$t/subvolumes.txt" "$work/mnt-ro" "${imgs[@]}"

  # trees: root (1) and chunk (3) from the superblock, the rest from ROOT_ITEMs
  local sb="$t/dump-super-dev1.txt"
  local rootb rootl chunkb chunkl
  rootb=$(awk '$1=="root" {print $2}' "$sb")
  rootl=$(awk '$1=="root_level" {print $2}' "$sb")
  chunkb=$(awk '$1=="chunk_root" {print $2}' "$sb")
  chunkl=$(awk '$1=="chunk_root_level" {print $2}' "$sb")
  {
    printf '1\troot\t%s\t%s\n' "$rootb" "$rootl"
    printf '3\tchunk\t%s\t%s\n' "$chunkb" "$chunkl"
    awk '
      BEGIN { id["EXTENT_TREE"]=2; id["DEV_TREE"]=4; id["FS_TREE"]=5; id["CSUM_TREE"]=7;
              id["QUOTA_TREE"]=8; id["UUID_TREE"]=9; id["FREE_SPACE_TREE"]=10;
              id["BLOCK_GROUP_TREE"]=11; id["RAID_STRIPE_TREE"]=12;
              id["DATA_RELOC_TREE"]="18446744073709551607";
              nm["EXTENT_TREE"]="extent"; nm["DEV_TREE"]="dev"; nm["FS_TREE"]="fs"; nm["CSUM_TREE"]="csum";
              nm["QUOTA_TREE"]="quota"; nm["UUID_TREE"]="uuid"; nm["FREE_SPACE_TREE"]="free-space";
              nm["BLOCK_GROUP_TREE"]="block-group"; nm["RAID_STRIPE_TREE"]="raid-stripe";
              nm["DATA_RELOC_TREE"]="data-reloc" }
      /item [0-9]+ key \([^ ]+ ROOT_ITEM / { o=$4; sub(/^\(/, "", o); cur=o; want=1; next }
      /item [0-9]+ key \([0-9]+ ROOT_BACKREF / { o=$4; sub(/^\(/, "", o); br=o; next }
      br != "" && /root backref key dirid/ { for (i=1;i<=NF;i++) if ($i=="name") sub_name[br]=$(i+1); br=""; next }
      want && / bytenr [0-9]+ / { for (i=1;i<=NF;i++) if ($i=="bytenr") b[cur]=$(i+1) }
      want && /^[ \t]+level [0-9]+ generation_v2/ { l[cur]=$2; order[++n]=cur; want=0 }
      END { for (k=1;k<=n;k++) { o=order[k]
              if (o in id) printf "%s\t%s\t%s\t%s\n", id[o], nm[o], b[o], l[o]
              else if (o ~ /^[0-9]+$/) printf "%s\t%s\t%s\t%s\n", o, (o in sub_name ? sub_name[o] : "subvol-" o), b[o], l[o]
              else printf "%s\t%s\t%s\t%s\n", o, tolower(o), b[o], l[o] } }
    ' "$t/dump-tree-root.txt"
  } > "$work/trees.tmp"

  printf 'treeid\tname\troot_bytenr\tlevel\tblocks\n' > "$t/trees.tsv"
  local tid tname tb tl nblk first
  while IFS=$'\t' read -r tid tname tb tl; do
    [[ $tid =~ ^[0-9]+$ ]] || die "$name: cannot map tree '$tid' to a numeric id"
    btrfs inspect-internal dump-tree -t "$tid" "${imgs[@]}" | block_headers > "$t/blocks-$tid.txt"
    nblk=$(wc -l < "$t/blocks-$tid.txt")
    ((nblk > 0)) || die "$name: tree $tid ($tname) has no blocks in dump-tree output"
    first=$(awk 'NR==1 {print $2}' "$t/blocks-$tid.txt")
    [[ $first == "$tb" ]] || die "$name: tree $tid root bytenr mismatch: root item $tb, dump $first"
    printf '%s\t%s\t%s\t%s\t%s\n' "$tid" "$tname" "$tb" "$tl" "$nblk" >> "$t/trees.tsv"
  done < "$work/trees.tmp"
  rm -f "$work/trees.tmp"
}

# every METADATA chunk must contain at least one tree block of some tree
check_blocks_in_every_meta_bg() {
  local name=$1 t=$2
  awk -F'\t' '
    FNR==1 { file++ }
    file==1 && FNR>1 && $3 ~ /METADATA/ { s[++n]=$1; e[n]=$1+$2; c[n]=0 }
    file>1 { split($0, a, " "); x=a[2]+0; for (k=1;k<=n;k++) if (x>=s[k] && x<e[k]) c[k]++ }
    END { bad=0; for (k=1;k<=n;k++) if (c[k]==0) { printf "metadata chunk at %s holds no tree block\n", s[k]; bad=1 } exit bad }
  ' "$t/chunks.tsv" "$t"/blocks-*.txt || die "$name: some metadata block group is empty"
}

write_array_tsv() {
  local name=$1 work=$2 dst=$3 i sb
  local t="$dst/truth" sb1="$dst/truth/dump-super-dev1.txt"
  sv() { awk -v k="$1" '$1==k { $1=""; sub(/^ /, ""); print; exit }' "$2"; }
  local csum_name
  csum_name=$(awk '$1=="csum_type" { gsub(/[()]/, "", $3); print $3; exit }' "$sb1")
  local sysprof
  sysprof=$(awk -F'\t' 'NR>1 && $3 ~ /^SYSTEM/ { p=$3; sub(/^SYSTEM\|?/, "", p); print (p==""?"single":tolower(p)); exit }' "$t/chunks.tsv")
  printf 'key\tvalue\n'
  printf 'name\t%s\n' "$name"
  printf 'label\t%s\n' "$(sv label "$sb1")"
  printf 'fsid\t%s\n' "$(sv fsid "$sb1")"
  printf 'metadata_uuid\t%s\n' "$(sv metadata_uuid "$sb1")"
  printf 'metadata_profile\t%s\n' "$([[ $MIXED -eq 1 ]] && echo "single (mixed)" || echo "$MPROF")"
  printf 'data_profile\t%s\n' "$([[ $MIXED -eq 1 ]] && echo "single (mixed)" || echo "$DPROF")"
  printf 'system_profile\t%s\n' "$sysprof"
  printf 'mixed_block_groups\t%s\n' "$MIXED"
  printf 'quota\t%s\n' "$QUOTA"
  printf 'csum_type\t%s\n' "$csum_name"
  printf 'nodesize\t%s\n' "$(sv nodesize "$sb1")"
  printf 'sectorsize\t%s\n' "$(sv sectorsize "$sb1")"
  printf 'generation\t%s\n' "$(sv generation "$sb1")"
  printf 'incompat_flags\t%s\n' "$(sv incompat_flags "$sb1")"
  printf 'compat_ro_flags\t%s\n' "$(sv compat_ro_flags "$sb1")"
  printf 'num_devices\t%s\n' "$NDEV"
  printf 'device_size\t%s\n' "$DEVSIZE"
  printf 'generator\t%s; zstd %s; kernel %s\n' "$(mkfs.btrfs --version 2>&1 | head -n1)" "$(zstd --version | grep -o 'v[0-9][0-9.]*' | head -n1)" "$(uname -r)"
  local counts
  counts=$(meta_bgs_per_dev "$work"/dev*.img)
  for ((i = 1; i <= NDEV; i++)); do
    sb="$t/dump-super-dev$i.txt"
    local devid
    devid=$(sv dev_item.devid "$sb")
    printf 'dev.%d.file\tdev%d.img.zst\n' "$i" "$i"
    printf 'dev.%d.devid\t%s\n' "$i" "$devid"
    printf 'dev.%d.uuid\t%s\n' "$i" "$(sv dev_item.uuid "$sb")"
    printf 'dev.%d.size\t%s\n' "$i" "$(stat -c %s "$work/dev$i.img")"
    printf 'dev.%d.sha256\t%s\n' "$i" "$(sha256sum "$work/dev$i.img" | cut -d' ' -f1)"
    printf 'dev.%d.zst_size\t%s\n' "$i" "$(stat -c %s "$dst/dev$i.img.zst")"
    printf 'dev.%d.metadata_block_groups\t%s\n' "$i" "$(awk -v d="$devid" '$1==d {print $2}' <<< "$counts")"
  done
}

write_readme() {
  local f="$OUT/README.md" a
  {
    cat <<'EOF'
# btrfs test arrays

Small btrfs filesystems (single- and multi-device) written by the Linux kernel,
with ground truth recorded by btrfs-progs. Generated by `../generate.sh`
(content by `../populate.py`); do not edit by hand.

## Regenerating

    sudo testdata/generate.sh                 # all arrays (needs root, btrfs-progs, zstd, python3, loop devices)
    sudo testdata/generate.sh raid1-blake2-16k   # only some
    sudo testdata/generate.sh --subvolumes-truth  # only truth/subvolumes.txt, from the committed images

Arrays with `BALANCE=dm` in `generate.sh` (raid0, raid10, raid5, raid6) had
their (empty) data chunk and their metadata and system chunks relocated by
`btrfs balance` right after mkfs, so all their chunks were allocated by the
kernel; the other arrays keep the chunks created by mkfs.

The script creates sparse images in `testdata/.work/` (gitignored), runs
`mkfs.btrfs` with a fixed fsid and label, attaches them with `losetup`, mounts
them (`max_inline=2048,noatime`) and populates them deterministically:

* top-level subvolume (tree 5): `base/` with nested directories, ~300 small
  files (<= 2 KiB, inline extents), files around the inline limit and larger
  regular, sparse and preallocated files, zlib/zstd/lzo compressed files,
  symlinks, hard links, a fifo and device nodes, long/UTF-8 names, xattrs
  (`user.*`, `trusted.*`), renames and deletions;
* `vol1` (tree 256): a second subvolume with files;
* `bulk` (tree 257): directories of 100 small inline files each, every file
  with one zero-filled `user.ballast` xattr of about one leaf; added until every
  device holds at least two metadata block groups and every metadata block group
  holds leaves of this tree, then mostly deleted again (kept: every 8th
  directory, the last one, and for every metadata block group the directory with
  most leaves in it, so no block group becomes empty);
* `vol1-ro` (tree 258): read-only snapshot of `vol1`;
* `snap` (tree 259): writable snapshot of the top-level, followed by changes in
  both the top-level (`base/after-snapshot/`, rewritten/deleted files) and the
  snapshot (`only-in-snapshot.txt`);
* quota arrays additionally have qgroups (`1/100` with `0/256`, `0/258`, limits).

Finally free space is trimmed (holes in the image files, so stale copies of
freed blocks are zero), the filesystem is unmounted, the loop devices detached,
and the ground truth is dumped from the image files (for `subvolumes.txt` they
are mounted read-only once more). Images differ between runs
(inode ctimes, device uuids, allocation order), so regenerate whole arrays,
never single files.

## Layout

    arrays/<name>/
      array.tsv                key/value: name, label, fsid, profiles, csum type,
                               nodesize, sectorsize, devices (file, devid, uuid,
                               size, sha256 of the uncompressed image, number of
                               metadata block groups on it)
      devN.img.zst             device N image, `zstd -19`, single plain frame
      truth/
        dump-super-devN.txt    btrfs inspect-internal dump-super -f devN.img
        dump-tree-chunk.txt    btrfs inspect-internal dump-tree -t chunk dev*.img
        dump-tree-root.txt     btrfs inspect-internal dump-tree -t root dev*.img
        chunks.tsv             chunk tree as TSV: logical, length, type, stripes
        trees.tsv              treeid, name, root bytenr, level, number of blocks
        blocks-<treeid>.txt    header line of every block of that tree, in
                               dump-tree (depth-first) order: bytenr, level/items,
                               free space, generation, owner
        subvolumes.txt         btrfs subvolume list -p -u -q of the images mounted
                               read-only at the top level (ro,norecovery,subvolid=5,
                               read-only loop devices): "ID <id> gen <generation>
                               parent <id> top level <id> parent_uuid <uuid or ->
                               uuid <uuid> path <path from the top level>", one line
                               per subvolume and snapshot (not FS_TREE itself)
        btrfs-check.txt        btrfs check --readonly output (must say "no error found")
        files.tsv.zst          (zstd-compressed TSV, read with zstdcat)
                               every inode reachable from each subvolume:
                               subvol id, path, type (f d l s c b p), inode,
                               mode (octal), nlink, size, mtime, sha256 (files),
                               link target / rdev, xattrs (name=hexvalue,...)

Tree ids: 1 root, 2 extent, 3 chunk, 4 dev, 5 fs (top-level), 7 csum, 8 quota,
9 uuid, 10 free-space, 18446744073709551607 data-reloc (-9), >= 256
subvolumes/snapshots. Blocks shared between a snapshot and its source appear in
both `blocks-` files (with the owner of the tree that created them).

## Arrays

| name | devices | metadata | data | csum | nodesize | metadata BGs per device | size (images + truth) |
|---|---|---|---|---|---|---|---|
EOF
    for a in "$OUT"/*/array.tsv; do
      [[ -e $a ]] || continue
      awk -F'\t' -v dir="$(dirname "$a")" '
        { v[$1]=$2 }
        END {
          bgs=""; for (i=1;i<=v["num_devices"];i++) bgs = bgs (i>1?"/":"") v["dev." i ".metadata_block_groups"]
          cmd = "du -sk " dir " | cut -f1"; cmd | getline kb; close(cmd)
          printf "| %s | %s | %s | %s | %s | %s | %s | %d KiB |\n", v["name"], v["num_devices"], v["metadata_profile"], v["data_profile"], v["csum_type"], v["nodesize"], bgs, kb
        }' "$a"
    done
  } > "$f"
}

subvolumes_only() {
  check_prereqs "$@"
  local names=("$@") n
  if ((${#names[@]} == 0)); then
    for n in "$OUT"/*/array.tsv; do
      if [[ -e $n ]]; then names+=("$(basename "$(dirname "$n")")"); fi
    done
  fi
  trap on_exit EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$WORKDIR"
  for n in "${names[@]}"; do add_subvolumes_truth "$n"; done
  rmdir "$WORKDIR" 2>/dev/null || true
}

main() {
  if [[ ${1:-} == --list ]]; then printf '%s\n' "${ALL_ARRAYS[@]}"; return 0; fi
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then sed -n '2,15p' "$0"; return 0; fi
  if [[ ${1:-} == --subvolumes-truth ]]; then shift; subvolumes_only "$@"; return 0; fi
  check_prereqs "$@"
  local names=("$@") n
  ((${#names[@]})) || names=("${ALL_ARRAYS[@]}")
  for n in "${names[@]}"; do spec "$n"; done   # validate names first
  trap on_exit EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$WORKDIR" "$OUT"
  local t0=$SECONDS
  for n in "${names[@]}"; do build_array "$n"; done
  write_readme
  rmdir "$WORKDIR" 2>/dev/null || true
  log "all done in $((SECONDS - t0))s; testdata size: $(du -sh --exclude=.work "$HERE" | cut -f1)"
}

main "$@"

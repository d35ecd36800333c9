#!/usr/bin/env python3
"""Deterministic content generator for the btrfs test arrays (used by generate.sh).

All content is derived from a seed computed from the array name, so two runs of
generate.sh write the same files, names, sizes, xattrs and mtimes.  (The on-disk
images still differ between runs: inode ctime/otime, device uuids, chunk tree
uuid and allocation decisions are chosen by the kernel / mkfs.)

Subcommands (ROOT is a directory inside the mounted filesystem):
  base     ROOT NAME                 nested tree, xattrs, links, renames, deletions
  vol      ROOT NAME                 content of the second subvolume
  bulk     ROOT NAME FIRST COUNT PER BALLAST
                                     bulk directories bFIRST..bFIRST+COUNT-1
  bgcover  DUMP CHUNKS               min. number of leaves of the dumped tree per metadata chunk
  prune    ROOT KEEP DUMP CHUNKS     delete bulk dirs except every KEEP-th, the last and
                                     one per metadata chunk
  post     ROOT NAME                 changes to the top-level after the snapshot
  postsnap ROOT NAME                 changes inside the writable snapshot
  manifest ROOT SUBVOLID             TSV listing of one subvolume (stdout)

For the cold-cache benchmark (releng/coldcache, ArrayAging.java), which ages large arrays:
  smallfiles ROOT NAME FIRST COUNT PER
                                     directories ROOT/data/dFIRST..dFIRST+COUNT-1 of PER small files
  churn    ROOT NAME ROUND FIRST COUNT PERCENT
                                     rewrite, delete and tag files in PERCENT % of those directories
(The benchmark caches its arrays by its ArraySpec.VERSION: bump it when these change what they write.)
"""
import hashlib
import os
import random
import stat
import sys
import zlib

WORDS = (
    "btrfs extent chunk stripe device inode leaf node root tree key item "
    "generation checksum superblock metadata data mirror parity snapshot "
    "subvolume workbench eclipse java reader offset length block group "
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo "
    "lima mike november oscar papa quebec romeo sierra tango uniform victor"
).split()

BASE_MTIME = 1577836800  # 2020-01-01T00:00:00Z; fixed, not the current time


def seed_of(name, salt):
    return zlib.crc32(("%s/%s" % (name, salt)).encode())


def text(rnd, size, header=b""):
    """Low-entropy pseudo-random text of exactly `size` bytes."""
    out = bytearray(header[:size])
    while len(out) < size:
        w = rnd.choice(WORDS)
        if rnd.random() < 0.08:
            w = w.upper()
        out += w.encode() + (b"\n" if rnd.random() < 0.1 else b" ")
    return bytes(out[:size])


def write(path, data, mtime=None):
    with open(path, "wb") as f:
        f.write(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime), follow_symlinks=False)


def setx(path, name, value):
    os.setxattr(path, name, value, follow_symlinks=False)


def pick_size(rnd):
    r = rnd.random()
    if r < 0.05:
        return 0
    if r < 0.10:
        return rnd.randint(1, 16)
    if r < 0.45:
        return rnd.randint(17, 512)
    return rnd.randint(513, 2048)


def cmd_base(root, name):
    rnd = random.Random(seed_of(name, "base"))
    os.makedirs(root, exist_ok=True)
    # nested directories
    dirs = [""]
    tops = ["etc", "home", "srv", "usr", "var", "projects"]
    for t in tops:
        dirs.append(t)
    i = 0
    while len(dirs) < 48:
        parent = rnd.choice(dirs[1:])
        if parent.count("/") >= 5:
            continue
        d = "%s/%s%02d" % (parent, rnd.choice(["lib", "doc", "src", "cfg", "tmp", "sub"]), i)
        i += 1
        dirs.append(d)
    for d in dirs[1:]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    # small files (inline in metadata with max_inline=2048)
    files = []
    for n in range(360):
        d = rnd.choice(dirs)
        fn = "%s/file-%04d.%s" % (d, n, rnd.choice(["txt", "cfg", "log", "md", "dat"]))
        fn = fn.lstrip("/")
        size = pick_size(rnd)
        write(os.path.join(root, fn), text(rnd, size, (fn + "\n").encode()), BASE_MTIME + n)
        files.append(fn)
    # boundary sizes around the inline limit and some regular extents
    os.makedirs(os.path.join(root, "sizes"), exist_ok=True)
    for size in (0, 1, 2047, 2048, 2049, 4095, 4096, 4097, 8192, 65536, 131073):
        fn = "sizes/size-%06d.bin" % size
        write(os.path.join(root, fn), text(rnd, size, (fn + "\n").encode()), BASE_MTIME + size)
    # sparse file with holes (no-holes feature: no explicit hole extents)
    fn = os.path.join(root, "sizes/sparse.bin")
    with open(fn, "wb") as f:
        f.seek(1 << 20)
        f.write(text(rnd, 4096, b"sparse@1MiB\n"))
        f.seek(3 << 20)
        f.write(text(rnd, 100, b"sparse@3MiB\n"))
    os.utime(fn, (BASE_MTIME, BASE_MTIME))
    # preallocated extent, partly written
    fn = os.path.join(root, "sizes/prealloc.bin")
    fd = os.open(fn, os.O_CREAT | os.O_WRONLY, 0o644)
    os.posix_fallocate(fd, 0, 65536)
    os.pwrite(fd, text(rnd, 4096, b"prealloc@8KiB\n"), 8192)
    os.close(fd)
    os.utime(fn, (BASE_MTIME, BASE_MTIME))
    # compressed extents (btrfs.compression property inherited from the directory)
    for algo in ("zlib", "zstd", "lzo"):
        d = os.path.join(root, "compressed-" + algo)
        os.makedirs(d, exist_ok=True)
        setx(d, "btrfs.compression", algo.encode())
        for size in (3000, 3900, 20000, 300000):
            fn = os.path.join(d, "c-%06d.txt" % size)
            body = (("%s %d " % (algo, size)).encode() + b"abcabcabc ") * (size // 10 + 1)
            write(fn, body[:size], BASE_MTIME + size)
    # special names
    special = [
        "names/" + "L" * 255,
        "names/with space.txt",
        "names/r\u00e9sum\u00e9-\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9.txt",
        "names/\u65e5\u672c\u8a9e.txt",
        "names/.hidden",
        "names/dash-",
        "names/UPPER.TXT",
    ]
    os.makedirs(os.path.join(root, "names"), exist_ok=True)
    for n, fn in enumerate(special):
        write(os.path.join(root, fn), text(rnd, 40 + n, (fn + "\n").encode()), BASE_MTIME + n)
    # many entries in one directory (dir index spread over several leaves)
    os.makedirs(os.path.join(root, "bigdir"), exist_ok=True)
    for n in range(400):
        fn = "bigdir/entry-%05d" % n
        write(os.path.join(root, fn), text(rnd, rnd.randint(0, 64), (fn + "\n").encode()), BASE_MTIME)
    # empty directories, fifo, device node
    for d in ("empty1", "empty2/nested-empty", "special"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.mkfifo(os.path.join(root, "special/fifo"))
    os.mknod(os.path.join(root, "special/null"), 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(os.path.join(root, "special/loop7"), 0o600 | stat.S_IFBLK, os.makedev(7, 7))
    # symlinks (short ones are inline extents)
    os.makedirs(os.path.join(root, "links"), exist_ok=True)
    for n in range(12):
        target = "../" + rnd.choice(files)
        os.symlink(target, os.path.join(root, "links/sym-%02d" % n))
    os.symlink("does/not/exist", os.path.join(root, "links/dangling"))
    os.symlink("/".join(["long-component-%03d" % n for n in range(60)]), os.path.join(root, "links/long-target"))
    os.symlink("/absolute/target", os.path.join(root, "links/absolute"))
    # hard links
    for n in range(8):
        src = files[n * 17]
        os.link(os.path.join(root, src), os.path.join(root, "links/hard-%02d" % n))
    os.link(os.path.join(root, files[5]), os.path.join(root, "links/hard-again-05"))
    # xattrs on files and directories
    for n in range(40):
        target = rnd.choice(files + dirs[1:])
        p = os.path.join(root, target)
        for k in range(rnd.randint(1, 3)):
            val = text(rnd, rnd.choice([0, 1, 10, 100, 400]))
            setx(p, "user.test.%d" % k, val)
    setx(os.path.join(root, "sizes/size-002048.bin"), "user.big", text(rnd, 1200))
    setx(os.path.join(root, "names"), "user.comment", b"directory with special names")
    setx(os.path.join(root, "etc"), "trusted.workbench", b"\x00\x01\x02binary\xff")
    # renames (within and across directories) and deletions
    alive = list(files)
    for n in range(30):
        src = alive.pop(rnd.randrange(len(alive)))
        dst_dir = rnd.choice(dirs)
        dst = ("%s/renamed-%02d-%s" % (dst_dir, n, os.path.basename(src))).lstrip("/")
        if os.path.exists(os.path.join(root, src)) and not os.path.exists(os.path.join(root, dst)):
            os.rename(os.path.join(root, src), os.path.join(root, dst))
            alive.append(dst)
    for n in range(40):
        victim = alive.pop(rnd.randrange(len(alive)))
        p = os.path.join(root, victim)
        if os.path.exists(p):
            os.unlink(p)
    for n in range(0, 400, 3):
        os.unlink(os.path.join(root, "bigdir/entry-%05d" % n))
    os.rename(os.path.join(root, "empty1"), os.path.join(root, "empty-renamed"))
    os.makedirs(os.path.join(root, "doomed/a/b"), exist_ok=True)
    write(os.path.join(root, "doomed/a/b/x"), b"x")
    os.unlink(os.path.join(root, "doomed/a/b/x"))
    os.removedirs(os.path.join(root, "doomed/a/b"))


def cmd_vol(root, name):
    rnd = random.Random(seed_of(name, "vol"))
    for d in ("alpha", "alpha/one", "alpha/two", "beta", "gamma/deep/deeper/deepest"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    dirs = ["alpha", "alpha/one", "alpha/two", "beta", "gamma/deep/deeper/deepest", ""]
    for n in range(180):
        fn = ("%s/v-%04d.txt" % (rnd.choice(dirs), n)).lstrip("/")
        write(os.path.join(root, fn), text(rnd, pick_size(rnd), (fn + "\n").encode()), BASE_MTIME + 7 * n)
        if n % 15 == 0:
            setx(os.path.join(root, fn), "user.vol", ("v%d" % n).encode())
    write(os.path.join(root, "beta/regular-10k.bin"), text(rnd, 10240, b"regular\n"), BASE_MTIME)
    os.symlink("alpha/one", os.path.join(root, "link-to-one"))
    for n in range(0, 180, 9):
        for d in dirs:
            p = os.path.join(root, ("%s/v-%04d.txt" % (d, n)).lstrip("/"))
            if os.path.exists(p):
                os.rename(p, p + ".old")


def bulk_pool(name):
    rnd = random.Random(seed_of(name, "bulkpool"))
    return [text(rnd, 2048) for _ in range(8)]


def cmd_bulk(root, name, first, count, per, ballast):
    """Bulk directories bFIRST.. with PER small inline files each.  Every file also
    gets one xattr of BALLAST zero bytes (about one leaf): it fills metadata block
    groups quickly while the leaves stay almost all zeros, so stale copies (and
    RAID5/6 parity, which fstrim cannot clear) compress to almost nothing."""
    pool = bulk_pool(name)
    rnd = random.Random(seed_of(name, "bulk%d" % first))
    os.makedirs(root, exist_ok=True)
    zeros = bytes(ballast)
    for b in range(first, first + count):
        d = os.path.join(root, "b%04d" % b)
        os.makedirs(d, exist_ok=True)
        for n in range(per):
            size = rnd.randint(16, 512)
            data = pool[(b + n) % len(pool)]
            p = os.path.join(d, "f%05d" % n)
            write(p, data[:size])
            if ballast:
                setx(p, "user.ballast", zeros)
            os.utime(p, (BASE_MTIME + b, BASE_MTIME + b))


MAX_INLINE = 2048  # the kernel's default max_inline, as generate.sh and the benchmark mount


class SmallFiles:
    """Files for the benchmark's arrays: cut from one pool of text (hundreds of thousands of
    files are written, too many to make up each one's words), sized so that most are inline
    extents (their data lives in the fs tree's leaves, which is what makes metadata grow
    fast), some just larger (a data extent, an extent item, checksums); a few carry an xattr."""

    POOL = 256 * 1024

    def __init__(self, name):
        self.pool = text(random.Random(seed_of(name, "smallpool")), self.POOL)

    @staticmethod
    def name(n):
        """Names of different lengths, so that directory items are not all alike."""
        return "f%d-%s" % (n, WORDS[(n * 7919) % len(WORDS)] * (1 + n % 3))

    @staticmethod
    def size(rnd):
        """4 % empty, 80 % inline, 16 % one to four sectors of data."""
        p = rnd.randrange(100)
        if p < 4:
            return 0
        if p < 84:
            return rnd.randint(1, MAX_INLINE)
        return rnd.randint(MAX_INLINE + 1, 4 * 4096)

    def cut(self, rnd, size):
        at = rnd.randint(0, self.POOL - size)
        return self.pool[at:at + size]

    def write(self, path, rnd):
        """Creates or replaces the file."""
        write(path, self.cut(rnd, self.size(rnd)))

    def tag(self, path, rnd):
        """A user xattr of 16 to 160 bytes (an XATTR_ITEM next to the inode's items)."""
        setx(path, "user.tag", self.cut(rnd, rnd.randint(16, 160)))


def small_dir(root, d):
    return os.path.join(root, "data", "d%05d" % d)


def cmd_smallfiles(root, name, first, count, per):
    """Directories dFIRST.. of PER small files each, a tenth of them tagged."""
    files = SmallFiles(name)
    for d in range(first, first + count):
        rnd = random.Random(seed_of(name, "small%d" % d))
        path = small_dir(root, d)
        os.makedirs(path, exist_ok=True)
        for n in range(per):
            p = os.path.join(path, SmallFiles.name(n))
            files.write(p, rnd)
            if rnd.randrange(10) == 0:
                files.tag(p, rnd)


def cmd_churn(root, name, round_, first, count, percent):
    """Round ROUND of churn over directories dFIRST..: PERCENT % of them are touched, and of
    their files a quarter rewritten, a tenth deleted, a twentieth tagged. Each directory draws
    from its own seed, so splitting the range over processes changes nothing."""
    files = SmallFiles(name)
    for d in range(first, first + count):
        rnd = random.Random(seed_of(name, "churn%d/%d" % (round_, d)))
        if rnd.randrange(100) >= percent:
            continue
        path = small_dir(root, d)
        for e in sorted(os.listdir(path)):
            p = os.path.join(path, e)
            dice = rnd.randrange(20)
            if dice < 5:
                files.write(p, rnd)
            elif dice < 7:
                os.unlink(p)
            elif dice == 7:
                files.tag(p, rnd)


def read_meta_chunks(chunks_tsv):
    """[(start, end)] of all chunks holding metadata (incl. mixed) from chunks.tsv."""
    out = []
    with open(chunks_tsv) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            if "METADATA" in c[2]:
                out.append((int(c[0]), int(c[0]) + int(c[1])))
    return sorted(out)


def scan_leaves(dump_file, chunks):
    """For the tree dumped into dump_file (dump-tree -t <bulk subvolume>), per
    metadata chunk: number of leaves, and {parent dir inode: number of leaves with
    items of inodes in that directory}."""
    leaf_objs = []  # (chunk, set of objectids)
    parent = {}
    cur = None
    with open(dump_file, errors="replace") as f:
        for line in f:
            if line.startswith("leaf ") and " items " in line and " owner " in line:
                b = int(line.split()[1])
                c = next((c for c in chunks if c[0] <= b < c[1]), None)
                cur = set()
                leaf_objs.append((c, cur))
            elif line.startswith("node "):
                cur = None
            elif cur is not None and line.lstrip().startswith("item ") and " key (" in line:
                k = line.split(" key (", 1)[1].split(")", 1)[0].split()
                try:
                    obj = int(k[0])
                except ValueError:
                    continue
                cur.add(obj)
                if k[1] == "INODE_REF":
                    parent[obj] = int(k[2])
    leaves = {c: 0 for c in chunks}
    per_dir = {c: {} for c in chunks}
    for c, objs in leaf_objs:
        if c is None:
            continue
        leaves[c] += 1
        for p in {parent.get(o, o) for o in objs}:
            per_dir[c][p] = per_dir[c].get(p, 0) + 1
    return leaves, per_dir


def cmd_bgcover(dump_file, chunks_tsv):
    """Print the smallest number of bulk-tree leaves found in any metadata chunk."""
    chunks = read_meta_chunks(chunks_tsv)
    leaves, _ = scan_leaves(dump_file, chunks)
    print(min(leaves.values()) if leaves else 0)


def cmd_prune(root, keep, dump_file, chunks_tsv):
    """Delete most bulk directories, but keep every KEEP-th one, the last one and,
    for every metadata chunk, the directory with the most leaves in it, so that
    no metadata block group becomes empty (and gets removed by the kernel)."""
    dirs = sorted(e for e in os.listdir(root) if e.startswith("b"))
    ino = {os.lstat(os.path.join(root, e)).st_ino: e for e in dirs}
    keepset = {e for i, e in enumerate(dirs) if i % keep == 0 or i == len(dirs) - 1}
    chunks = read_meta_chunks(chunks_tsv)
    _, per_dir = scan_leaves(dump_file, chunks)
    for c in chunks:
        cand = sorted(((n, ino[p]) for p, n in per_dir[c].items() if p in ino), reverse=True)
        if cand:
            keepset.add(cand[0][1])
    sys.stderr.write("prune: keeping %d of %d bulk directories\n" % (len(keepset), len(dirs)))
    for e in dirs:
        if e in keepset:
            continue
        d = os.path.join(root, e)
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
        os.rmdir(d)


def cmd_post(root, name):
    rnd = random.Random(seed_of(name, "post"))
    base = os.path.join(root, "base")
    paths = []
    for dp, dn, fn in os.walk(base):
        dn.sort()
        for f in sorted(fn):
            p = os.path.join(dp, f)
            if stat.S_ISREG(os.lstat(p).st_mode) and os.lstat(p).st_nlink == 1:
                paths.append(p)
    for n in range(25):
        p = rnd.choice(paths)
        write(p, text(rnd, pick_size(rnd), b"rewritten after snapshot\n"), BASE_MTIME + 86400 + n)
    for n in range(15):
        p = paths.pop(rnd.randrange(len(paths)))
        if os.path.exists(p):
            os.unlink(p)
    os.makedirs(os.path.join(base, "after-snapshot"), exist_ok=True)
    for n in range(20):
        fn = os.path.join(base, "after-snapshot/new-%02d.txt" % n)
        write(fn, text(rnd, pick_size(rnd), b"new after snapshot\n"), BASE_MTIME + 86400)
    setx(os.path.join(base, "etc"), "user.after", b"set after snapshot")


def cmd_postsnap(root, name):
    rnd = random.Random(seed_of(name, "postsnap"))
    write(os.path.join(root, "only-in-snapshot.txt"), text(rnd, 777, b"snapshot only\n"), BASE_MTIME + 2 * 86400)
    big = os.path.join(root, "base/bigdir")
    for e in sorted(os.listdir(big))[::5]:
        os.unlink(os.path.join(big, e))


def cmd_manifest(root, subvol):
    rootdev = os.lstat(root).st_dev
    w = sys.stdout.write

    def emit(rel, st, kind, sha="", target=""):
        xs = []
        if kind in "fdcbp":
            try:
                names = sorted(os.listxattr(os.path.join(root, rel) if rel else root, follow_symlinks=False))
            except OSError:
                names = []
            for n in names:
                v = os.getxattr(os.path.join(root, rel) if rel else root, n, follow_symlinks=False)
                xs.append("%s=%s" % (n, v.hex()))
        mtime = "%d.%09d" % (st.st_mtime_ns // 10**9, st.st_mtime_ns % 10**9)
        w("\t".join([subvol, rel or ".", kind, str(st.st_ino), "%o" % st.st_mode,
                     str(st.st_nlink), str(st.st_size), mtime, sha, target.replace("\t", " "),
                     ",".join(xs)]) + "\n")

    def walk(rel):
        p = os.path.join(root, rel) if rel else root
        for e in sorted(os.listdir(p)):
            r = (rel + "/" + e) if rel else e
            q = os.path.join(root, r)
            st = os.lstat(q)
            if stat.S_ISDIR(st.st_mode):
                if st.st_dev != rootdev or st.st_ino == 256:
                    emit(r, st, "s")  # nested subvolume root: listed, not entered
                    continue
                emit(r, st, "d")
                walk(r)
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(q, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                emit(r, st, "f", h.hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                emit(r, st, "l", target=os.readlink(q))
            elif stat.S_ISCHR(st.st_mode):
                emit(r, st, "c", target="%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev)))
            elif stat.S_ISBLK(st.st_mode):
                emit(r, st, "b", target="%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev)))
            elif stat.S_ISFIFO(st.st_mode):
                emit(r, st, "p")
            else:
                emit(r, st, "?")

    emit("", os.lstat(root), "d")
    walk("")


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "base":
        cmd_base(args[0], args[1])
    elif cmd == "vol":
        cmd_vol(args[0], args[1])
    elif cmd == "bulk":
        cmd_bulk(args[0], args[1], int(args[2]), int(args[3]), int(args[4]), int(args[5]))
    elif cmd == "prune":
        cmd_prune(args[0], int(args[1]), args[2], args[3])
    elif cmd == "bgcover":
        cmd_bgcover(args[0], args[1])
    elif cmd == "post":
        cmd_post(args[0], args[1])
    elif cmd == "postsnap":
        cmd_postsnap(args[0], args[1])
    elif cmd == "manifest":
        cmd_manifest(args[0], args[1])
    elif cmd == "smallfiles":
        cmd_smallfiles(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif cmd == "churn":
        cmd_churn(args[0], args[1], int(args[2]), int(args[3]), int(args[4]), int(args[5]))
    else:
        raise SystemExit("unknown subcommand " + cmd)


if __name__ == "__main__":
    main(sys.argv)

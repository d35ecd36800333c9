package btrfs.workbench.product;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a class file's constant pool says the class may do: the string literals it uses and the
 * fields and methods it refers to. Every use of a JDK API or a literal goes through the pool, so
 * reading it (JVMS §4.4) sees them all without running or loading the class.
 *
 * @param name    the class, e.g. {@code btrfs/workbench/snapshot/SnapshotFiles}
 * @param strings string literals ({@code CONSTANT_String})
 * @param members fields and methods referred to, as {@code owner.name:descriptor}, e.g.
 *                {@code java/nio/file/Files.newOutputStream:(Ljava/nio/file/Path;[Ljava/nio/file/OpenOption;)Ljava/io/OutputStream;}
 */
record ClassConstants(String name, Set<String> strings, Set<String> members) {

    private static final int MAGIC = 0xCAFEBABE;

    // constant pool tags (JVMS table 4.4-B)
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int FLOAT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int FIELDREF = 9;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int DYNAMIC = 17;
    private static final int INVOKE_DYNAMIC = 18;
    private static final int MODULE = 19;
    private static final int PACKAGE = 20;

    /** The pool as read: per index its tag and its one or two operands (a Utf8 keeps its text apart). */
    private record Pool(int[] tags, int[] first, int[] second, Map<Integer, String> utf8) {

        String utf8(int index) {
            return utf8.get(index);
        }

        /** A Class entry's name. */
        String className(int index) {
            return utf8(first[index]);
        }
    }

    static ClassConstants read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        Pool pool = pool(in);
        in.readUnsignedShort(); // access flags
        String name = pool.className(in.readUnsignedShort());
        return new ClassConstants(name, strings(pool), members(pool));
    }

    private static Pool pool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        Pool pool = new Pool(new int[count], new int[count], new int[count], new HashMap<>());
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            pool.tags()[i] = tag;
            if (entry(in, tag, i, pool)) {
                i++; // a long or double takes two slots
            }
        }
        return pool;
    }

    /** Reads entry {@code i}'s operands; @return whether it takes two slots. */
    private static boolean entry(DataInputStream in, int tag, int i, Pool pool) throws IOException {
        switch (tag) {
            case UTF8 -> pool.utf8().put(i, in.readUTF());
            case INTEGER, FLOAT -> in.readInt();
            case LONG, DOUBLE -> {
                in.readLong();
                return true;
            }
            case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> pool.first()[i] = in.readUnsignedShort();
            case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                pool.first()[i] = in.readUnsignedShort();
                pool.second()[i] = in.readUnsignedShort();
            }
            case METHOD_HANDLE -> {
                in.readUnsignedByte();
                pool.first()[i] = in.readUnsignedShort();
            }
            default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
        }
        return false;
    }

    private static Set<String> strings(Pool pool) {
        Set<String> strings = new HashSet<>();
        for (int i = 1; i < pool.tags().length; i++) {
            if (pool.tags()[i] == STRING) {
                strings.add(pool.utf8(pool.first()[i]));
            }
        }
        return strings;
    }

    private static Set<String> members(Pool pool) {
        Set<String> members = new HashSet<>();
        for (int i = 1; i < pool.tags().length; i++) {
            int tag = pool.tags()[i];
            if (tag == FIELDREF || tag == METHODREF || tag == INTERFACE_METHODREF) {
                int nameAndType = pool.second()[i];
                members.add(pool.className(pool.first()[i]) + "." + pool.utf8(pool.first()[nameAndType]) + ":"
                        + pool.utf8(pool.second()[nameAndType]));
            }
        }
        return members;
    }

    /** The top-level class this one belongs to (a nested class or lambda's host counts as it). */
    String topLevel() {
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }
}

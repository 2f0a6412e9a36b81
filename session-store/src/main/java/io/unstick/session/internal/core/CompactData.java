package io.unstick.session.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Variable-length numbers, names and byte arrays for the messages every request sends: a count or a length below 128
 * takes one byte instead of Hazelcast's four, a time stamp six instead of eight. Signed numbers are zigzag-coded, so
 * small negative ones stay short too.
 */
final class CompactData {

    /** A long needs at most ten groups of seven bits. */
    private static final int MAX_VARINT_BYTES = 10;

    private CompactData() {
    }

    static void writeVarLong(ObjectDataOutput out, long value) throws IOException {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    static long readVarLong(ObjectDataInput in) throws IOException {
        long zigzag = readUnsigned(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** A session timeout in seconds, as {@link #writeVarLong} wrote it: an int on every node, wider is corrupt. */
    static int readTimeoutSeconds(ObjectDataInput in) throws IOException {
        long seconds = readVarLong(in);
        if (seconds != (int) seconds) {
            throw new IOException("A session timeout of " + seconds + " s is not one a node writes");
        }
        return (int) seconds;
    }

    private static void writeUnsigned(ObjectDataOutput out, long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    private static long readUnsigned(ObjectDataInput in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("A variable-length number runs over " + MAX_VARINT_BYTES + " bytes");
    }

    /** A count or a length: never negative on the wire, so a corrupt one fails here, not in an allocation. */
    static void writeSize(ObjectDataOutput out, int size) throws IOException {
        writeUnsigned(out, size);
    }

    static int readSize(ObjectDataInput in) throws IOException {
        long size = readUnsigned(in);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("A size of " + size + " is not one a node writes");
        }
        return (int) size;
    }

    /** A string that may be null: its UTF-8 length plus one, 0 for null, then the bytes. */
    static void writeString(ObjectDataOutput out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(ObjectDataInput in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A byte array that may be null: its length plus one, 0 for null, then the bytes. */
    static void writeBytes(ObjectDataOutput out, byte[] value) throws IOException {
        if (value == null) {
            writeSize(out, 0);
            return;
        }
        writeSize(out, value.length + 1);
        out.write(value);
    }

    static byte[] readBytes(ObjectDataInput in) throws IOException {
        int sizePlusOne = readSize(in);
        if (sizePlusOne == 0) {
            return null;
        }
        byte[] bytes = new byte[sizePlusOne - 1];
        in.readFully(bytes);
        return bytes;
    }
}

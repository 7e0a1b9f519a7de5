package io.prescale.ml.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The binary layout shared by the detectors' states: a version byte, then each array as a one-byte
 * length and its doubles (big-endian IEEE 754). Arrays are at most 255 long. A state may end with
 * float arrays in the same form ({@link #writeFloats}, {@link #readFloats}) where single precision
 * is enough and the state keeps its values as floats, so that encoding stays lossless.
 */
final class StateCodec {
    /**
     * Counts kept as floats stop here: 2<sup>24</sup>, the last integer a float holds exactly with
     * its successor.
     */
    static final double COUNT_CAP = 0x1p24;

    private StateCodec() {}

    /** {@code v} as a float, clamped to the finite float range. */
    static float toFloat(double v) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
    }

    /** {@code v} as a float if that is finite, else {@code fallback} as a float. */
    static float finiteOr(double v, double fallback) {
        float f = (float) v;
        return Float.isFinite(f) ? f : (float) fallback;
    }

    /** Encoded size of {@code arrays} after a version byte. */
    static int size(double[]... arrays) {
        int size = 1;
        for (double[] a : arrays) {
            size += 1 + 8 * a.length;
        }
        return size;
    }

    /** Encoded size of float arrays, without a version byte. */
    static int sizeFloats(float[]... arrays) {
        int size = 0;
        for (float[] a : arrays) {
            size += 1 + 4 * a.length;
        }
        return size;
    }

    /** {@link #writeFloats} after a version byte, into a new array. */
    static byte[] encodeFloats(byte version, float[]... arrays) {
        ByteBuffer out = ByteBuffer.allocate(1 + sizeFloats(arrays));
        out.put(version);
        writeFloats(out, arrays);
        return out.array();
    }

    /** Writes float arrays, each as a one-byte length and its floats. */
    static void writeFloats(ByteBuffer out, float[]... arrays) {
        for (float[] a : arrays) {
            if (a.length > 255) {
                throw new IllegalArgumentException("state array of " + a.length + " > 255");
            }
            out.put((byte) a.length);
            for (float v : a) {
                out.putFloat(v);
            }
        }
    }

    /**
     * Reads one float array that must have {@code length} elements.
     *
     * @throws IllegalArgumentException naming the state and field when it is missing or of another
     *     length
     */
    static float[] readFloats(ByteBuffer in, int length, String what) {
        try {
            int found = Byte.toUnsignedInt(in.get());
            if (found != length) {
                throw new IllegalArgumentException(
                        what + ": " + found + " values, expected " + length);
            }
            float[] a = new float[length];
            for (int i = 0; i < length; i++) {
                a[i] = in.getFloat();
            }
            return a;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + ": state truncated");
        }
    }

    /** Writes the version byte and the arrays. */
    static void write(ByteBuffer out, byte version, double[]... arrays) {
        out.put(version);
        for (double[] a : arrays) {
            if (a.length > 255) {
                throw new IllegalArgumentException("state array of " + a.length + " > 255");
            }
            out.put((byte) a.length);
            for (double v : a) {
                out.putDouble(v);
            }
        }
    }

    /** {@link #write} into a new array. */
    static byte[] encode(byte version, double[]... arrays) {
        ByteBuffer out = ByteBuffer.allocate(size(arrays));
        write(out, version, arrays);
        return out.array();
    }

    /**
     * Reads a version byte that must equal {@code version}.
     *
     * @throws IllegalArgumentException naming the state and both versions
     */
    static void expectVersion(ByteBuffer in, byte version, String what) {
        byte found = in.remaining() > 0 ? in.get() : -1;
        if (found != version) {
            throw new IllegalArgumentException(
                    what + " state: version " + found + ", this code reads " + version);
        }
    }

    /**
     * Reads one array that must have {@code length} elements.
     *
     * @throws IllegalArgumentException naming the state and field when it is missing or of another
     *     length
     */
    static double[] read(ByteBuffer in, int length, String what) {
        try {
            int found = Byte.toUnsignedInt(in.get());
            if (found != length) {
                throw new IllegalArgumentException(
                        what + ": " + found + " values, expected " + length);
            }
            double[] a = new double[length];
            for (int i = 0; i < length; i++) {
                a[i] = in.getDouble();
            }
            return a;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + ": state truncated");
        }
    }
}

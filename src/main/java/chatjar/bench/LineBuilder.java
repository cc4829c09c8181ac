package chatjar.bench;

import java.nio.ByteBuffer;

/**
 * Composes one outgoing line in a reused direct buffer, ASCII and decimal digits straight into bytes: the
 * generator sends hundreds of thousands of lines a second and must not allocate a String for each.
 */
final class LineBuilder {
    private final ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private final byte[] digits = new byte[20];

    /** Starts a new line. */
    LineBuilder clear() {
        out.clear();
        return this;
    }

    LineBuilder put(String ascii) {
        for (int i = 0; i < ascii.length(); i++) out.put((byte) ascii.charAt(i));
        return this;
    }

    LineBuilder put(byte[] bytes) {
        out.put(bytes);
        return this;
    }

    /** As much of {@code bytes} as fits with room left for CRLF. */
    LineBuilder put(byte[] bytes, int off, int len) {
        out.put(bytes, off, Math.min(len, out.remaining() - 2));
        return this;
    }

    /** {@code n} bytes of padding (a space, then x's), as far as they fit before CRLF. */
    LineBuilder pad(int n) {
        for (int j = 0; j < n && out.remaining() > 2; j++) out.put(j == 0 ? (byte) ' ' : (byte) 'x');
        return this;
    }

    LineBuilder putInt(int v) {
        return putLong(v);
    }

    /** A non-negative number in decimal. */
    LineBuilder putLong(long v) {
        if (v == 0) {
            out.put((byte) '0');
            return this;
        }
        int n = 0;
        while (v > 0) {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        while (n > 0) out.put(digits[--n]);
        return this;
    }

    /** The finished line, flipped for writing. */
    ByteBuffer flip() {
        return out.flip();
    }
}

package chatjar.net.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** UTF-8 validation without allocating, and repair (each ill-formed sequence becomes U+FFFD) when needed. */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Utf8() {}

    /** True if {@code b[off, off+len)} is well-formed UTF-8: no overlongs, surrogates or code points past U+10FFFF. */
    static boolean isValid(byte[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) { // eight ASCII bytes
                i += 8;
                continue;
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80, hi = 0xbf; // allowed range of the second byte
            if (c >= 0xc2 && c <= 0xdf) n = 1;
            else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                if (c == 0xe0) lo = 0xa0;
                else if (c == 0xed) hi = 0x9f; // no surrogates
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                if (c == 0xf0) lo = 0x90;
                else if (c == 0xf4) hi = 0x8f;
            } else return false;
            if (i + n >= end) return false; // truncated sequence
            int c1 = b[i + 1] & 0xff;
            if (c1 < lo || c1 > hi) return false;
            for (int k = 2; k <= n; k++) if ((b[i + k] & 0xc0) != 0x80) return false;
            i += n + 1;
        }
        return true;
    }

    /** A well-formed copy: the JDK decoder replaces each maximal ill-formed subpart with U+FFFD. */
    static byte[] repair(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
}

package chatjar.net.http;

import java.nio.charset.StandardCharsets;

/**
 * Tells an HTTP client from an IRC one on a shared port by its first bytes, as plain-text mode tells {@code nc}
 * from IRC: a browser opens with {@code GET } (or {@code HEAD }), which no IRC client sends (IRC commands are
 * matched case-insensitively, but there is no IRC command GET or HEAD, so nothing is lost).
 */
public final class HttpSniffer {
    public enum Verdict { HTTP, NOT_HTTP, NEED_MORE }

    private static final byte[][] STARTS = {
            "GET ".getBytes(StandardCharsets.US_ASCII), "HEAD ".getBytes(StandardCharsets.US_ASCII)};

    private HttpSniffer() {}

    /** Looks at the first bytes of a connection; NEED_MORE only while they are a prefix of a request line's start. */
    public static Verdict sniff(byte[] buf, int off, int len) {
        boolean prefix = false;
        for (byte[] s : STARTS) {
            int n = Math.min(len, s.length);
            boolean match = true;
            for (int i = 0; i < n && match; i++) match = buf[off + i] == s[i];
            if (!match) continue;
            if (n == s.length) return Verdict.HTTP;
            prefix = true;
        }
        return prefix ? Verdict.NEED_MORE : Verdict.NOT_HTTP;
    }
}

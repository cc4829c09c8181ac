package chatjar.net.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Server frames: unmasked (RFC 6455 §5.1), final, one IRC line per message without its CRLF. {@link #lines}
 * frames an array as the server queues it ({@code Link.send}: one or more CRLF-terminated lines), so a
 * broadcast encoded once can be framed once per mode and the same frame bytes sent to every WebSocket
 * recipient; {@link FrameCache} remembers the last few so the framing happens once however the calls come.
 */
public final class WebSocketEncoder {
    private static final int OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

    private WebSocketEncoder() {}

    /**
     * One frame per line of {@code data} (lines end in CR, LF or CRLF; a last line without one counts too; empty
     * lines are skipped), all in one new array. In TEXT mode a line that is not UTF-8 (IRC bytes from a TCP
     * client may be anything) is repaired with U+FFFD, since a text frame must be UTF-8.
     */
    public static byte[] lines(byte[] data, WebSocketMode mode) {
        int op = mode == WebSocketMode.TEXT ? OP_TEXT : OP_BINARY;
        // Pass 1: size, so the output is allocated once. Repaired lines are rare and are sized when met.
        int size = 0;
        byte[][] repaired = null;
        int lineNo = 0;
        int start = 0;
        for (int k = 0; k <= data.length; k++) {
            if (k < data.length && data[k] != '\r' && data[k] != '\n') continue;
            int n = k - start;
            if (n > 0) {
                if (op == OP_TEXT && !Utf8.isValid(data, start, n)) {
                    if (repaired == null) repaired = new byte[countLines(data)][];
                    repaired[lineNo] = Utf8.repair(data, start, n);
                    n = repaired[lineNo].length;
                }
                size += headerSize(n) + n;
                lineNo++;
            }
            start = k + 1;
        }
        byte[] out = new byte[size];
        int at = 0;
        lineNo = 0;
        start = 0;
        for (int k = 0; k <= data.length; k++) {
            if (k < data.length && data[k] != '\r' && data[k] != '\n') continue;
            int n = k - start;
            if (n > 0) {
                byte[] src = data;
                int from = start;
                if (repaired != null && repaired[lineNo] != null) {
                    src = repaired[lineNo];
                    from = 0;
                    n = src.length;
                }
                at = writeHeader(out, at, op, n);
                System.arraycopy(src, from, out, at, n);
                at += n;
                lineNo++;
            }
            start = k + 1;
        }
        return out;
    }

    public static byte[] ping(byte[] payload) {
        return control(OP_PING, payload);
    }

    public static byte[] pong(byte[] payload) {
        return control(OP_PONG, payload);
    }

    /** A close frame without status (the answer to a close that had none). */
    public static byte[] close() {
        return new byte[]{(byte) (0x80 | OP_CLOSE), 0};
    }

    /** A close frame with a status and a reason, cut to fit the 125-byte control payload on a UTF-8 boundary. */
    public static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, 123);
        while (n > 0 && n < r.length && (r[n] & 0xc0) == 0x80) n--; // do not split a character
        byte[] p = new byte[2 + n];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, n);
        return control(OP_CLOSE, p);
    }

    private static byte[] control(int op, byte[] payload) {
        if (payload.length > 125) throw new IllegalArgumentException("control payload over 125 bytes");
        byte[] out = new byte[2 + payload.length];
        writeHeader(out, 0, op, payload.length);
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    private static int headerSize(int n) {
        return n < 126 ? 2 : n < 65536 ? 4 : 10;
    }

    private static int writeHeader(byte[] out, int at, int op, int n) {
        out[at++] = (byte) (0x80 | op);
        if (n < 126) out[at++] = (byte) n;
        else if (n < 65536) {
            out[at++] = 126;
            out[at++] = (byte) (n >> 8);
            out[at++] = (byte) n;
        } else {
            out[at++] = 127;
            for (int s = 56; s >= 0; s -= 8) out[at++] = (byte) ((long) n >> s);
        }
        return at;
    }

    private static int countLines(byte[] data) {
        int c = 1;
        for (byte b : data) if (b == '\r' || b == '\n') c++;
        return c;
    }

    /**
     * Remembers the frames of the last few arrays by identity, per mode. The reactor keeps one for its WebSocket
     * connections: a broadcast's array framed for the first recipient is found again for the others, whether
     * they are framed one after another at send time or interleaved with other output at flush time. It holds
     * at most {@code size} arrays of each kind, so nothing grows.
     */
    public static final class FrameCache {
        private final byte[][] in;
        private final byte[][] out;
        private final WebSocketMode[] modes;
        private int next;
        private long hits, misses;

        public FrameCache(int size) {
            in = new byte[size][];
            out = new byte[size][];
            modes = new WebSocketMode[size];
        }

        /** The frames for {@code data} in {@code mode}; the same array for the same (identical) input. */
        public byte[] frame(byte[] data, WebSocketMode mode) {
            // Newest first: a broadcast's recipients follow one another, so the hit is almost always the first probe.
            for (int j = 1, n = in.length; j <= n; j++) {
                int k = (next - j + n) % n;
                if (in[k] == data && modes[k] == mode) {
                    hits++;
                    return out[k];
                }
            }
            misses++;
            byte[] f = lines(data, mode);
            in[next] = data;
            out[next] = f;
            modes[next] = mode;
            next = (next + 1) % in.length;
            return f;
        }

        /** Frames served from the cache and framed anew; for the benchmark's report. */
        public long hits() {
            return hits;
        }

        public long misses() {
            return misses;
        }
    }
}

package chatjar.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The generator's side of WebSocket (RFC 6455, IRCv3 {@code text.ircv3.net}), for {@code --transport ws}: the
 * upgrade request, masked client frames (one IRC line per message) and the parsing of the server's unmasked
 * frames back into lines. One per {@link Worker} thread, like its {@link LineBuilder}: composing goes into one
 * reused direct buffer and parsing works in place in the worker's read buffer, so a delivery costs a two-byte
 * header check instead of a scan for LF, and nothing is allocated per line.
 */
final class WebSocketFramer {
    static final String SUBPROTOCOL = "text.ircv3.net";
    private static final int OP_CONT = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;
    /** Larger than any frame we compose: a LineBuilder line (1 KiB) plus its header and mask. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    /** xorshift: masks need not be secret here, only present (the server must unmask them either way). */
    private long seed = System.nanoTime() | 1;

    /** What a parse of server frames ran into, besides lines. */
    interface Sink {
        /** One IRC line (no CR/LF) at {@code a[s, e)}. */
        void line(byte[] a, int s, int e) throws IOException;

        /** A ping's payload, to be answered with a pong. */
        void ping(byte[] a, int s, int e) throws IOException;
    }

    /** Returned when the server sent a close frame, a refusal or something no server may send. */
    static final int CLOSED = -1;
    /** Returned by {@link #handshakeEnd} while the response head is still arriving. */
    static final int NEED_MORE = -2;

    /** The upgrade request, to be written raw before anything else. */
    static void handshake(LineBuilder line, String host, int port, long keySeed) {
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) key[i] = (byte) (keySeed >>> ((i & 7) * 8) ^ i);
        line.clear().put("GET / HTTP/1.1\r\nHost: ").put(host).put(":").putInt(port)
                .put("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                .put(Base64.getEncoder().encodeToString(key))
                .put("\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ").put(SUBPROTOCOL).put("\r\n\r\n");
    }

    /**
     * Where the response head ends in {@code a[from, end)} (the index of the first frame byte), {@link #CLOSED}
     * if it is not a 101, or {@link #NEED_MORE}.
     */
    static int handshakeEnd(byte[] a, int from, int end) {
        for (int i = from + 3; i < end; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                boolean upgraded = i - from > 12 && a[from + 9] == '1' && a[from + 10] == '0' && a[from + 11] == '1';
                return upgraded ? i + 1 : CLOSED;
            }
        }
        return NEED_MORE;
    }

    /**
     * Frames each CRLF-terminated line of {@code lines} as one masked text message, in a buffer reused at the
     * next call; returns it flipped for writing.
     */
    ByteBuffer frame(ByteBuffer lines) {
        out.clear();
        int end = lines.limit();
        int start = lines.position();
        for (int k = start; k < end; k++) {
            byte c = lines.get(k);
            if (c != '\n' && c != '\r') continue;
            if (k > start) put(OP_TEXT, lines, start, k - start);
            start = k + 1;
        }
        if (end > start) put(OP_TEXT, lines, start, end - start);
        return out.flip();
    }

    /** A pong echoing a ping's payload (at most 125 bytes, as the server sent it). */
    ByteBuffer pong(byte[] a, int s, int e) {
        out.clear();
        put(OP_PONG, ByteBuffer.wrap(a, s, e - s), s, e - s);
        return out.flip();
    }

    private void put(int op, ByteBuffer src, int off, int n) {
        out.put((byte) (0x80 | op));
        if (n < 126) {
            out.put((byte) (0x80 | n));
        } else {
            out.put((byte) (0x80 | 126)).put((byte) (n >>> 8)).put((byte) n);
        }
        long x = seed;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        seed = x;
        int mask = (int) x;
        out.putInt(mask);
        byte m0 = (byte) (mask >>> 24), m1 = (byte) (mask >>> 16), m2 = (byte) (mask >>> 8), m3 = (byte) mask;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            out.put((byte) (src.get(off + i) ^ m0)).put((byte) (src.get(off + i + 1) ^ m1))
                    .put((byte) (src.get(off + i + 2) ^ m2)).put((byte) (src.get(off + i + 3) ^ m3));
        }
        for (; i < n; i++) out.put((byte) (src.get(off + i) ^ (i % 4 == 0 ? m0 : i % 4 == 1 ? m1 : i % 4 == 2 ? m2 : m3)));
    }

    /**
     * Parses the server's frames in {@code a[from, end)}: each text or binary frame's payload goes to
     * {@code sink.line} (split at line ends, should a server put several lines in one), pings to
     * {@code sink.ping}. Returns where the unfinished last frame starts (== end when none is left), or
     * {@link #CLOSED} for a close frame or a masked, fragmented or reserved-bit frame, which this generator's
     * server never sends. Server lines are short, so one frame larger than the caller's buffer is also CLOSED.
     */
    static int frames(byte[] a, int from, int end, int maxFrame, Sink sink) throws IOException {
        int p = from;
        while (end - p >= 2) {
            int b0 = a[p] & 0xff, b1 = a[p + 1] & 0xff;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) return CLOSED;
            int op = b0 & 0x0f;
            int len = b1 & 0x7f, head = 2;
            if (len == 126) {
                if (end - p < 4) break;
                len = (a[p + 2] & 0xff) << 8 | (a[p + 3] & 0xff);
                head = 4;
            } else if (len == 127) {
                return CLOSED; // 64 KiB or more: no IRC line is that long
            }
            if (head + len > maxFrame) return CLOSED;
            if (end - p < head + len) break;
            int s = p + head, e = s + len;
            switch (op) {
                case OP_TEXT, OP_BINARY -> {
                    if ((b0 & 0x80) == 0) return CLOSED; // fragmented: not what a server frames one line as
                    int ls = s;
                    for (int k = s; k < e; k++) {
                        if (a[k] != '\n' && a[k] != '\r') continue;
                        if (k > ls) sink.line(a, ls, k);
                        ls = k + 1;
                    }
                    if (e > ls) sink.line(a, ls, e);
                }
                case OP_PING -> sink.ping(a, s, e);
                case OP_PONG -> { }
                case OP_CLOSE, OP_CONT -> {
                    return CLOSED;
                }
                default -> {
                    return CLOSED;
                }
            }
            p = e;
        }
        return p;
    }
}

package chatjar.net.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns client frames into IRC lines, fed whatever chunks the socket delivers (RFC 6455 §5, IRCv3 WebSocket).
 *
 * <p>The common case, a whole single-frame message inside the chunk, is unmasked in place in the caller's
 * buffer and delivered from there without copying (the buffer is the reactor's scratch read buffer, as for
 * {@code LineFramer}). Fragmented or split messages are assembled in an array sized to what has arrived,
 * bounded by the message limit, and released once delivered, so an idle connection holds nothing.
 *
 * <p>Each message is one IRC line; trailing CR/LF are stripped, and a message that carries several lines is
 * delivered as several lines (as a TCP stream would be), so a line break can never smuggle a second command
 * into one parameter. Invalid UTF-8 in a text message is replaced with U+FFFD, not fatal. What is fatal is
 * closed with the RFC's code: an unmasked client frame, reserved bits or opcodes, a fragmented or long control
 * frame, a stray continuation (1002); a frame or message past its limit (1009); a close frame whose reason is
 * not UTF-8 (1007). Pings are answered with pongs. After a close, in either direction, input is ignored.
 */
public final class WebSocketDecoder {
    /** Where lines and the decoder's own replies go. */
    public interface Sink {
        /** One IRC line without line ending; {@code buf} is valid only during the call. False stops delivery. */
        boolean line(byte[] buf, int off, int len);

        /** A server frame to queue for the client (a pong, a close). */
        void send(byte[] frame);

        /** The WebSocket is closing: the close frame was passed to {@link #send}; flush and close the connection. */
        void close(int code, String reason);

        /** A pong arrived (the answer to a keep-alive ping). */
        default void pong() {}
    }

    private static final int OP_CONTINUATION = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

    private final int maxFrame;
    private final int maxMessage;

    private final byte[] header = new byte[14];
    private int headerLen;
    private boolean inPayload;
    private boolean fin;
    private int opcode;
    private long payloadLen;
    private long payloadRead;
    /** The frame's masking key, its first byte in the top bits (an int, not an array: every idle WebSocket keeps one). */
    private int mask;

    private int messageOpcode; // TEXT or BINARY while a message is being assembled, else 0
    private byte[] message;
    private int messageLen;
    private byte[] control;
    private boolean closed;

    /** @param maxFrame   largest payload of one frame; @param maxMessage largest assembled message, both in bytes */
    public WebSocketDecoder(int maxFrame, int maxMessage) {
        if (maxFrame < 125 || maxMessage < 1) throw new IllegalArgumentException("bad WebSocket limits");
        this.maxFrame = maxFrame;
        this.maxMessage = maxMessage;
    }

    /**
     * Decodes {@code buf[off, off+len)}. May unmask payload bytes in place, so {@code buf} must be scratch the
     * caller does not need afterwards.
     */
    public void feed(byte[] buf, int off, int len, Sink sink) {
        int i = off, end = off + len;
        while (i < end && !closed) {
            if (!inPayload) {
                header[headerLen++] = buf[i++];
                int need = headerSize();
                if (headerLen < need) continue;
                if (!startFrame(sink)) return;
                if (payloadLen == 0) {
                    endFrame(sink);
                    continue;
                }
                if (fastPath(end - i)) { // the whole single-frame message is here: unmask and deliver in place
                    int n = (int) payloadLen;
                    unmask(buf, i, n, 0);
                    inPayload = false;
                    headerLen = 0;
                    deliver(opcode, buf, i, n, sink);
                    i += n;
                } else if (opcode < OP_CLOSE) reserve();
                continue;
            }
            int n = (int) Math.min(payloadLen - payloadRead, end - i);
            byte[] dst = opcode >= OP_CLOSE ? control : message;
            int at = opcode >= OP_CLOSE ? (int) payloadRead : messageLen;
            System.arraycopy(buf, i, dst, at, n);
            unmask(dst, at, n, (int) (payloadRead & 3));
            payloadRead += n;
            if (opcode < OP_CLOSE) messageLen += n;
            i += n;
            if (payloadRead == payloadLen) endFrame(sink);
        }
    }

    /** True once a close was received or sent; the caller stops feeding. */
    public boolean isClosed() {
        return closed;
    }

    /** Marks the decoder closed when the server initiates the close (it then ignores the rest of the input). */
    public void closeSent() {
        closed = true;
        message = null;
        control = null;
    }

    /** Bytes held between chunks; for memory accounting. */
    public int heldBytes() {
        return (message == null ? 0 : message.length) + (control == null ? 0 : control.length);
    }

    private int headerSize() {
        if (headerLen < 2) return 2;
        int len7 = header[1] & 0x7f;
        int ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + ext + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    /** Validates a complete header and prepares to receive its payload; false if the connection is failing. */
    private boolean startFrame(Sink sink) {
        int b0 = header[0] & 0xff, b1 = header[1] & 0xff;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) return fail(sink, CloseCode.PROTOCOL_ERROR, "reserved bits set"); // no extensions
        if ((b1 & 0x80) == 0) return fail(sink, CloseCode.PROTOCOL_ERROR, "unmasked client frame"); // §5.1
        int len7 = b1 & 0x7f;
        long len;
        int p = 2;
        if (len7 == 126) {
            len = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
            p = 4;
        } else if (len7 == 127) {
            len = 0;
            for (int k = 2; k < 10; k++) len = (len << 8) | (header[k] & 0xffL);
            p = 10;
            if (len < 0) return fail(sink, CloseCode.PROTOCOL_ERROR, "frame length has its top bit set");
        } else len = len7;
        mask = (header[p] & 0xff) << 24 | (header[p + 1] & 0xff) << 16 | (header[p + 2] & 0xff) << 8 | (header[p + 3] & 0xff);
        switch (opcode) {
            case OP_CLOSE, OP_PING, OP_PONG -> {
                if (!fin) return fail(sink, CloseCode.PROTOCOL_ERROR, "fragmented control frame"); // §5.5
                if (len > 125) return fail(sink, CloseCode.PROTOCOL_ERROR, "control frame over 125 bytes");
                control = len == 0 ? null : new byte[(int) len];
            }
            case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
                if (opcode == OP_CONTINUATION && messageOpcode == 0)
                    return fail(sink, CloseCode.PROTOCOL_ERROR, "continuation without a message");
                if (opcode != OP_CONTINUATION && messageOpcode != 0)
                    return fail(sink, CloseCode.PROTOCOL_ERROR, "new message inside a fragmented one");
                if (len > maxFrame) return fail(sink, CloseCode.TOO_BIG, "frame too large");
                if (messageLen + len > maxMessage) return fail(sink, CloseCode.TOO_BIG, "message too large");
                if (opcode != OP_CONTINUATION) messageOpcode = opcode;
            }
            default -> { return fail(sink, CloseCode.PROTOCOL_ERROR, "unknown opcode " + opcode); }
        }
        payloadLen = len;
        payloadRead = 0;
        inPayload = true;
        return true;
    }

    /** Single unfragmented data frame whose payload is all in the chunk: nothing to copy. */
    private boolean fastPath(int available) {
        if (!fin || opcode == OP_CONTINUATION || opcode >= OP_CLOSE || payloadLen > available) return false;
        messageOpcode = 0;
        return true;
    }

    /** Makes room for the payload of a data frame when it is not taken on the fast path. */
    private void reserve() {
        int need = messageLen + (int) payloadLen;
        if (message == null) message = new byte[need];
        else if (message.length < need) message = Arrays.copyOf(message, need);
    }

    private void endFrame(Sink sink) {
        inPayload = false;
        headerLen = 0;
        switch (opcode) {
            case OP_PING -> sink.send(WebSocketEncoder.pong(control == null ? new byte[0] : control));
            case OP_PONG -> sink.pong();
            case OP_CLOSE -> receivedClose(sink);
            default -> {
                if (!fin) return;
                int op = messageOpcode;
                byte[] m = message;
                int n = messageLen;
                message = null;
                messageLen = 0;
                messageOpcode = 0;
                deliver(op, m == null ? new byte[0] : m, 0, n, sink);
            }
        }
        control = null;
    }

    private void receivedClose(Sink sink) {
        byte[] c = control;
        int code = CloseCode.NO_STATUS;
        String reason = "";
        if (c != null) {
            if (c.length == 1) {
                fail(sink, CloseCode.PROTOCOL_ERROR, "close frame with a one-byte payload");
                return;
            }
            code = ((c[0] & 0xff) << 8) | (c[1] & 0xff);
            if (!CloseCode.isValidOnWire(code)) {
                fail(sink, CloseCode.PROTOCOL_ERROR, "invalid close code " + code);
                return;
            }
            if (!Utf8.isValid(c, 2, c.length - 2)) {
                fail(sink, CloseCode.INVALID_DATA, "close reason is not UTF-8");
                return;
            }
            reason = new String(c, 2, c.length - 2, StandardCharsets.UTF_8);
        }
        closed = true;
        message = null;
        // Echo the status (§5.5.1); a close without one is answered with an empty close.
        sink.send(code == CloseCode.NO_STATUS ? WebSocketEncoder.close() : WebSocketEncoder.close(code, ""));
        sink.close(code, reason.isEmpty() ? "WebSocket closed by client" : reason);
    }

    private void deliver(int op, byte[] buf, int off, int len, Sink sink) {
        if (op == OP_TEXT && !Utf8.isValid(buf, off, len)) { // IRCv3: replace, do not fail with 1007
            buf = Utf8.repair(buf, off, len);
            off = 0;
            len = buf.length;
        }
        int start = off, end = off + len;
        for (int k = off; k <= end; k++) {
            if (k < end && buf[k] != '\r' && buf[k] != '\n') continue;
            if (k > start && !sink.line(buf, start, k - start)) {
                closed = true; // the connection is closing: nothing more is delivered
                return;
            }
            start = k + 1;
        }
    }

    /** XORs the mask over the payload, eight bytes at a time (the mask repeats every 4, so every 8 too). */
    private void unmask(byte[] b, int off, int len, int phase) {
        int m = Integer.rotateLeft(mask, 8 * phase); // now byte (phase + j) & 3 of the key is byte j of m
        int k = 0;
        if (len >= 16) {
            long m64 = (m & 0xffffffffL) << 32 | (m & 0xffffffffL);
            for (; k + 8 <= len; k += 8) LONGS.set(b, off + k, (long) LONGS.get(b, off + k) ^ m64);
        }
        for (; k < len; k++) b[off + k] ^= (byte) (m >>> (24 - 8 * (k & 3)));
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private boolean fail(Sink sink, int code, String why) {
        closed = true;
        message = null;
        control = null;
        sink.send(WebSocketEncoder.close(code, why));
        sink.close(code, why);
        return false;
    }
}

package chatjar.net.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds client frames byte by byte, the way a browser would (or would not) send them. */
final class Frames {
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private Frames() {}

    static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int m = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) out.write(m | n);
        else if (n < 65536) {
            out.write(m | 126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(m | 127);
            for (int s = 56; s >= 0; s -= 8) out.write((int) ((long) n >> s));
        }
        if (masked) out.write(MASK, 0, 4);
        for (int i = 0; i < n; i++) out.write(masked ? payload[i] ^ MASK[i & 3] : payload[i]);
        return out.toByteArray();
    }

    static byte[] text(String s) {
        return frame(true, 1, utf8(s), true);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p, 0, p.length);
        return out.toByteArray();
    }

    /** Server frames parsed back: [opcode, payload] pairs; asserts they are unmasked and final. */
    record ServerFrame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    static List<ServerFrame> parseServer(byte[] b) {
        List<ServerFrame> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if ((b[i] & 0x80) == 0) throw new AssertionError("server frame not final");
            int op = b[i] & 0x0f;
            int b1 = b[i + 1] & 0xff;
            if ((b1 & 0x80) != 0) throw new AssertionError("server frame masked");
            long n = b1 & 0x7f;
            i += 2;
            if (n == 126) {
                n = ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
                i += 2;
            } else if (n == 127) {
                n = 0;
                for (int k = 0; k < 8; k++) n = (n << 8) | (b[i + k] & 0xff);
                i += 8;
            }
            byte[] p = new byte[(int) n];
            System.arraycopy(b, i, p, 0, (int) n);
            i += (int) n;
            out.add(new ServerFrame(op, p));
        }
        return out;
    }
}

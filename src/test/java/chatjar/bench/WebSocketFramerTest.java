package chatjar.bench;

import chatjar.net.websocket.WebSocketDecoder;
import chatjar.net.websocket.WebSocketEncoder;
import chatjar.net.websocket.WebSocketMode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator's frames against the server's own decoder and encoder: what one writes, the other reads. */
class WebSocketFramerTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void clientFramesAreMaskedOneLinePerMessageAndDecodeOnTheServer() {
        LineBuilder line = new LineBuilder();
        String longText = "x".repeat(300); // past 125 bytes: the 16-bit length form
        line.clear().put("NICK a\r\nUSER a 0 * :bench\r\nPRIVMSG #c :" + longText + "\r\n");
        byte[] framed = bytes(new WebSocketFramer().frame(line.flip()));
        assertThat(framed[1] & 0x80).as("MASK bit").isEqualTo(0x80);

        List<String> lines = new ArrayList<>();
        List<Integer> closes = new ArrayList<>();
        new WebSocketDecoder(16384, 16384).feed(framed, 0, framed.length, new WebSocketDecoder.Sink() {
            public boolean line(byte[] buf, int off, int len) {
                lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
                return true;
            }

            public void send(byte[] frame) { }

            public void close(int code, String reason) {
                closes.add(code);
            }
        });
        assertThat(closes).isEmpty(); // an unmasked frame would have been closed with 1002
        assertThat(lines).containsExactly("NICK a", "USER a 0 * :bench", "PRIVMSG #c :" + longText);
    }

    @Test
    void serverFramesParseInPlaceIntoLinesWithAnUnfinishedFrameLeftOver() throws Exception {
        byte[] frames = WebSocketEncoder.lines(":s 001 a :Welcome\r\n:b!b@h PRIVMSG #c :hi\r\n".getBytes(StandardCharsets.UTF_8),
                WebSocketMode.TEXT);
        byte[] ping = WebSocketEncoder.ping("p1".getBytes(StandardCharsets.US_ASCII));
        byte[] a = new byte[frames.length + ping.length + 3];
        System.arraycopy(frames, 0, a, 0, frames.length);
        System.arraycopy(ping, 0, a, frames.length, ping.length);
        a[a.length - 3] = (byte) 0x81; // the next frame's header, its payload not arrived yet
        a[a.length - 2] = 10;
        a[a.length - 1] = ':';
        List<String> got = new ArrayList<>();
        int rest = WebSocketFramer.frames(a, 0, a.length, a.length, new WebSocketFramer.Sink() {
            public void line(byte[] b, int s, int e) {
                got.add(new String(b, s, e - s, StandardCharsets.UTF_8));
            }

            public void ping(byte[] b, int s, int e) {
                got.add("ping " + new String(b, s, e - s, StandardCharsets.US_ASCII));
            }
        });
        assertThat(got).containsExactly(":s 001 a :Welcome", ":b!b@h PRIVMSG #c :hi", "ping p1");
        assertThat(rest).isEqualTo(a.length - 3);

        byte[] close = WebSocketEncoder.close();
        assertThat(WebSocketFramer.frames(close, 0, close.length, 100, null)).isEqualTo(WebSocketFramer.CLOSED);
    }

    @Test
    void handshakeEndFindsTheFirstFrameByteOnlyAfterA101() {
        byte[] ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(WebSocketFramer.handshakeEnd(ok, 0, ok.length)).isEqualTo(ok.length - 1);
        assertThat(WebSocketFramer.handshakeEnd(ok, 0, 20)).isEqualTo(WebSocketFramer.NEED_MORE);
        byte[] refused = "HTTP/1.1 403 Forbidden\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(WebSocketFramer.handshakeEnd(refused, 0, refused.length)).isEqualTo(WebSocketFramer.CLOSED);
    }
}

package chatjar.net.websocket;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static chatjar.net.websocket.Frames.concat;
import static chatjar.net.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class WebSocketEncoderTest {
    static List<Frames.ServerFrame> frames(byte[] b) {
        return Frames.parseServer(b);
    }

    @Test
    void oneUnmaskedFramePerLineWithoutCrlf() {
        byte[] out = WebSocketEncoder.lines(utf8(":a!u@h PRIVMSG #c :hé\r\n:a!u@h JOIN #d\r\n"), WebSocketMode.TEXT);
        List<Frames.ServerFrame> f = frames(out);
        assertThat(f).extracting(Frames.ServerFrame::opcode).containsExactly(1, 1);
        assertThat(f).extracting(Frames.ServerFrame::text).containsExactly(":a!u@h PRIVMSG #c :hé", ":a!u@h JOIN #d");
        assertThat(frames(WebSocketEncoder.lines(utf8("PING x"), WebSocketMode.BINARY)))
                .singleElement().satisfies(s -> {
                    assertThat(s.opcode()).isEqualTo(2);
                    assertThat(s.text()).isEqualTo("PING x");
                });
    }

    @Test
    void lengthEncodings() {
        for (int n : new int[]{0, 1, 125, 126, 65535, 65536, 70000}) {
            byte[] line = concat("z".repeat(Math.max(n, 1)).getBytes(StandardCharsets.US_ASCII), utf8("\r\n"));
            List<Frames.ServerFrame> f = frames(WebSocketEncoder.lines(line, WebSocketMode.TEXT));
            assertThat(f).singleElement().extracting(s -> s.payload().length).isEqualTo(Math.max(n, 1));
        }
        byte[] f125 = WebSocketEncoder.lines(new byte[125], WebSocketMode.BINARY);
        assertThat(f125).hasSize(127);
        assertThat(WebSocketEncoder.lines(new byte[126], WebSocketMode.BINARY)).hasSize(130);
        assertThat(WebSocketEncoder.lines(new byte[65536], WebSocketMode.BINARY)).hasSize(65546);
    }

    @Test
    void textModeRepairsWhatIsNotUtf8AndBinaryKeepsIt() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '\r', '\n', 'o', 'k', '\r', '\n'};
        assertThat(frames(WebSocketEncoder.lines(latin1, WebSocketMode.TEXT)))
                .extracting(Frames.ServerFrame::text).containsExactly("caf\ufffd", "ok");
        assertThat(frames(WebSocketEncoder.lines(latin1, WebSocketMode.BINARY)).get(0).payload())
                .containsExactly('c', 'a', 'f', (byte) 0xe9);
    }

    @Test
    void closeReasonIsCutOnACharacterBoundary() {
        byte[] f = WebSocketEncoder.close(1009, "é".repeat(100));
        Frames.ServerFrame s = frames(f).get(0);
        assertThat(s.payload().length).isLessThanOrEqualTo(125);
        assertThat(s.closeCode()).isEqualTo(1009);
        assertThat(new String(s.payload(), 2, s.payload().length - 2, StandardCharsets.UTF_8)).isEqualTo("é".repeat(61));
    }

    @Test
    void cacheFramesABroadcastOncePerMode() {
        WebSocketEncoder.FrameCache cache = new WebSocketEncoder.FrameCache(4);
        byte[] broadcast = utf8(":a PRIVMSG #c :hi\r\n");
        byte[] t1 = cache.frame(broadcast, WebSocketMode.TEXT);
        byte[] b1 = cache.frame(broadcast, WebSocketMode.BINARY);
        byte[] other = cache.frame(utf8(":b PRIVMSG #c :yo\r\n"), WebSocketMode.TEXT); // interleaved, as at flush time
        assertThat(cache.frame(broadcast, WebSocketMode.TEXT)).isSameAs(t1);
        assertThat(cache.frame(broadcast, WebSocketMode.BINARY)).isSameAs(b1).isNotSameAs(t1);
        assertThat(cache.frame(utf8(":a PRIVMSG #c :hi\r\n"), WebSocketMode.TEXT)).isNotSameAs(t1); // identity, not equality
        assertThat(other).isNotSameAs(t1);
        assertThat(cache.hits()).isEqualTo(2);
        for (int i = 0; i < 4; i++) cache.frame(new byte[]{'x'}, WebSocketMode.TEXT);
        assertThat(cache.frame(broadcast, WebSocketMode.TEXT)).isNotSameAs(t1); // bounded: evicted
    }

    @Test
    void roundTripThroughTheDecoder() {
        List<String> got = new ArrayList<>();
        byte[] server = WebSocketEncoder.lines(utf8("A 1\r\nB 2\r\n"), WebSocketMode.TEXT);
        // a client echoes each server frame masked, as a browser would
        List<byte[]> masked = new ArrayList<>();
        for (Frames.ServerFrame f : frames(server)) masked.add(Frames.frame(true, f.opcode(), f.payload(), true));
        byte[] in = concat(masked.toArray(new byte[0][]));
        new WebSocketDecoder(1024, 1024).feed(in, 0, in.length, new WebSocketDecoder.Sink() {
            public boolean line(byte[] buf, int off, int len) {
                got.add(new String(buf, off, len, StandardCharsets.UTF_8));
                return true;
            }

            public void send(byte[] frame) {}

            public void close(int code, String reason) {}
        });
        assertThat(got).containsExactly("A 1", "B 2");
        assertThat(Utf8.isValid(new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4)).isFalse(); // > U+10FFFF
        assertThat(Utf8.isValid(new byte[]{(byte) 0xc0, (byte) 0x80}, 0, 2)).isFalse(); // overlong
        assertThat(Utf8.isValid(utf8("𝄞 ok é"), 0, utf8("𝄞 ok é").length)).isTrue();
    }
}

package chatjar.net.websocket;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static chatjar.net.websocket.Frames.concat;
import static chatjar.net.websocket.Frames.frame;
import static chatjar.net.websocket.Frames.text;
import static chatjar.net.websocket.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Client frames fed split at every point, and every rule that closes the connection. */
class WebSocketDecoderTest {
    final List<String> lines = new ArrayList<>();
    final List<Frames.ServerFrame> sent = new ArrayList<>();
    int closeCode = -1;
    String closeReason;
    int pongs;

    final WebSocketDecoder.Sink sink = new WebSocketDecoder.Sink() {
        @Override
        public boolean line(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void send(byte[] frame) {
            sent.addAll(Frames.parseServer(frame));
        }

        @Override
        public void close(int code, String reason) {
            assertThat(closeCode).as("close reported once").isEqualTo(-1);
            closeCode = code;
            closeReason = reason;
        }

        @Override
        public void pong() {
            pongs++;
        }
    };

    WebSocketDecoder decoder() {
        return new WebSocketDecoder(1024, 4096);
    }

    /** The reactor's read buffer is scratch: hand the decoder a copy it may unmask in place. */
    void feed(WebSocketDecoder d, byte[] b, int from, int to) {
        byte[] scratch = new byte[to - from + 8];
        System.arraycopy(b, from, scratch, 4, to - from);
        d.feed(scratch, 4, to - from, sink);
    }

    void feed(WebSocketDecoder d, byte[] b) {
        feed(d, b, 0, b.length);
    }

    void reset() {
        lines.clear();
        sent.clear();
        closeCode = -1;
        pongs = 0;
    }

    @Test
    void sameLinesWhereverTheStreamIsSplit() {
        byte[] stream = concat(
                text("NICK alice\r\n"),
                frame(false, 1, utf8("PRIVMSG #a :hel"), true),
                frame(true, 9, utf8("are you there"), true), // a ping between fragments
                frame(false, 0, utf8("lo w"), true),
                frame(true, 0, utf8("orld é"), true),
                frame(true, 2, utf8("PING :x"), true),
                text("x".repeat(300)), // 16-bit length
                frame(true, 10, new byte[0], true));
        for (int a = 0; a <= stream.length; a++) {
            for (int b = a; b <= stream.length; b += 13) {
                reset();
                WebSocketDecoder d = decoder();
                feed(d, stream, 0, a);
                feed(d, stream, a, b);
                feed(d, stream, b, stream.length);
                assertThat(lines).as("split %d/%d", a, b)
                        .containsExactly("NICK alice", "PRIVMSG #a :hello world é", "PING :x", "x".repeat(300));
                assertThat(sent).hasSize(1);
                assertThat(sent.get(0).opcode()).isEqualTo(10);
                assertThat(sent.get(0).text()).isEqualTo("are you there");
                assertThat(pongs).isEqualTo(1);
                assertThat(closeCode).isEqualTo(-1);
                assertThat(d.heldBytes()).isZero();
            }
        }
    }

    @Test
    void byteByByteWith64BitLength() {
        String big = "y".repeat(70000);
        WebSocketDecoder d = new WebSocketDecoder(100_000, 100_000);
        byte[] s = frame(true, 1, utf8(big), true);
        for (int i = 0; i < s.length; i++) feed(d, s, i, i + 1);
        assertThat(lines).containsExactly(big);
    }

    @Test
    void unmaskedClientFrameIsClosedWith1002() {
        WebSocketDecoder d = decoder();
        feed(d, concat(frame(true, 1, utf8("NICK a"), false), text("NICK b")));
        assertThat(lines).isEmpty();
        assertThat(closeCode).isEqualTo(1002);
        assertThat(sent).singleElement().satisfies(f -> {
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.closeCode()).isEqualTo(1002);
        });
        assertThat(d.isClosed()).isTrue();
    }

    @Test
    void frameOrMessagePastItsLimitIs1009() {
        WebSocketDecoder d = decoder();
        byte[] head = frame(true, 1, new byte[1025], true);
        feed(d, head, 0, 8); // refused on the header, before the payload arrives
        assertThat(closeCode).isEqualTo(1009);

        reset();
        d = decoder();
        byte[] part = new byte[1000];
        java.util.Arrays.fill(part, (byte) 'a');
        feed(d, concat(frame(false, 1, part, true), frame(false, 0, part, true), frame(false, 0, part, true),
                frame(false, 0, part, true)));
        assertThat(closeCode).isEqualTo(-1);
        assertThat(d.heldBytes()).isEqualTo(4000); // assembled, bounded by the message limit
        feed(d, frame(true, 0, part, true));
        assertThat(closeCode).isEqualTo(1009);
        assertThat(sent.get(0).closeCode()).isEqualTo(1009);
        assertThat(d.heldBytes()).isZero();
        assertThat(lines).isEmpty();
    }

    @Test
    void closeHandshakeEchoesTheCode() {
        WebSocketDecoder d = decoder();
        byte[] close = frame(true, 8, concat(new byte[]{0x03, (byte) 0xe8}, utf8("bye")), true);
        feed(d, concat(text("QUIT"), close, text("after close")));
        assertThat(lines).containsExactly("QUIT");
        assertThat(closeCode).isEqualTo(1000);
        assertThat(closeReason).isEqualTo("bye");
        assertThat(sent).singleElement().satisfies(f -> {
            assertThat(f.opcode()).isEqualTo(8);
            assertThat(f.closeCode()).isEqualTo(1000);
        });
        feed(d, text("ignored"));
        assertThat(lines).containsExactly("QUIT");
    }

    @Test
    void closeWithoutStatusIsAnsweredWithoutStatus() {
        WebSocketDecoder d = decoder();
        feed(d, frame(true, 8, new byte[0], true));
        assertThat(closeCode).isEqualTo(1005);
        assertThat(sent.get(0).payload()).isEmpty();
    }

    @Test
    void badCloseFrames() {
        assertThat(closeWith(new byte[]{0x03})).isEqualTo(1002);
        assertThat(closeWith(new byte[]{0x03, (byte) 0xed})).isEqualTo(1002); // 1005 may not be sent
        assertThat(closeWith(new byte[]{0x03, (byte) 0xe7})).isEqualTo(1002); // 999
        assertThat(closeWith(new byte[]{0x13, (byte) 0x88})).isEqualTo(1002); // 5000
        assertThat(closeWith(new byte[]{0x03, (byte) 0xe8, (byte) 0xc3})).isEqualTo(1007); // reason not UTF-8
        assertThat(closeWith(new byte[]{0x0f, (byte) 0xa0})).isEqualTo(4000); // application range is fine
    }

    /** The code the server closes with: its own on a bad frame, the client's echoed on a good one. */
    int closeWith(byte[] payload) {
        reset();
        feed(decoder(), frame(true, 8, payload, true));
        assertThat(sent).singleElement().extracting(Frames.ServerFrame::opcode).isEqualTo(8);
        assertThat(closeCode).isEqualTo(sent.get(0).closeCode()); // what is reported is what was sent
        return closeCode;
    }

    @Test
    void controlFrameRules() {
        assertThat(failsWith(frame(false, 9, utf8("x"), true))).isEqualTo(1002); // fragmented control
        assertThat(failsWith(frame(true, 9, new byte[126], true))).isEqualTo(1002); // too long
        assertThat(failsWith(frame(true, 3, utf8("x"), true))).isEqualTo(1002); // reserved opcode
        assertThat(failsWith(frame(true, 0x0b, utf8("x"), true))).isEqualTo(1002);
        byte[] rsv = text("x");
        rsv[0] |= 0x40;
        assertThat(failsWith(rsv)).isEqualTo(1002);
        assertThat(failsWith(frame(true, 0, utf8("x"), true))).isEqualTo(1002); // continuation without start
        assertThat(failsWith(concat(frame(false, 1, utf8("a"), true), text("b")))).isEqualTo(1002);
        byte[] huge = {(byte) 0x81, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};
        assertThat(failsWith(huge)).isEqualTo(1002); // 64-bit length with the top bit set
    }

    int failsWith(byte[] b) {
        reset();
        feed(decoder(), b);
        assertThat(sent).isNotEmpty();
        assertThat(sent.get(sent.size() - 1).closeCode()).isEqualTo(closeCode);
        return closeCode;
    }

    @Test
    void invalidUtf8InTextIsReplacedNotFatal() {
        WebSocketDecoder d = decoder();
        byte[] bad = concat(utf8("PRIVMSG #a :"), new byte[]{(byte) 0xff, 'o', 'k', (byte) 0xc3}, utf8(" "),
                new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        feed(d, frame(true, 1, bad, true));
        feed(d, concat(frame(false, 1, new byte[]{'x', (byte) 0xe2, (byte) 0x82}, true), // split character is fine
                frame(true, 0, new byte[]{(byte) 0xac}, true)));
        assertThat(lines).containsExactly("PRIVMSG #a :\ufffdok\ufffd \ufffd", "x€");
        assertThat(closeCode).isEqualTo(-1);
    }

    @Test
    void binaryFramesPassBytesUntouched() {
        List<byte[]> raw = new ArrayList<>();
        WebSocketDecoder d = decoder();
        byte[] latin1 = {'h', (byte) 0xe9, '!'};
        byte[] scratch = frame(true, 2, latin1, true);
        d.feed(scratch, 0, scratch.length, new WebSocketDecoder.Sink() {
            public boolean line(byte[] buf, int off, int len) {
                raw.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                return true;
            }

            public void send(byte[] frame) {}

            public void close(int code, String reason) {}
        });
        assertThat(raw).singleElement().isEqualTo(latin1);
    }

    @Test
    void lineEndingsAreStrippedAndSplitAndEmptyMessagesSkipped() {
        WebSocketDecoder d = decoder();
        feed(d, concat(text("PING a\r\n"), text(""), text("\r\n"), text("PRIVMSG #a :x\nQUIT :y"), text("NICK b\n\n")));
        assertThat(lines).containsExactly("PING a", "PRIVMSG #a :x", "QUIT :y", "NICK b");
    }

    @Test
    void sinkCanStopDelivery() {
        WebSocketDecoder d = decoder();
        List<String> got = new ArrayList<>();
        byte[] s = concat(text("A"), text("B"));
        d.feed(s, 0, s.length, new WebSocketDecoder.Sink() {
            public boolean line(byte[] buf, int off, int len) {
                got.add(new String(buf, off, len, StandardCharsets.UTF_8));
                return false;
            }

            public void send(byte[] frame) {}

            public void close(int code, String reason) {}
        });
        assertThat(got).containsExactly("A");
    }
}

package chatjar.net.websocket;

import chatjar.net.http.HttpRoutes;
import chatjar.net.http.HttpSniffer;
import chatjar.net.http.StaticFiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static chatjar.net.websocket.Frames.concat;
import static chatjar.net.websocket.Frames.text;
import static org.assertj.core.api.Assertions.assertThat;

/** One connection from its first request to its WebSocket close, bytes in and bytes out, as a layer drives it. */
class WebConnectionTest {
    static final WebConfig CONFIG = WebConfig.defaults(new HttpRoutes(
            new StaticFiles(Map.of("index.html", "<!doctype html>".getBytes(StandardCharsets.UTF_8))), null));
    static final String UPGRADE = "GET / HTTP/1.1\r\nHost: 127.0.0.1:20000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Protocol: text.ircv3.net\r\nOrigin: http://127.0.0.1:20000\r\n\r\n";

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<String> lines = new ArrayList<>();
    WebSocketMode opened;
    String closed;

    final WebConnection.Io io = new WebConnection.Io() {
        public void send(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
        }

        public void opened(WebSocketMode mode) {
            opened = mode;
        }

        public boolean line(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
            return true;
        }

        public void close(String reason) {
            assertThat(closed).as("closed once").isNull();
            closed = reason;
        }
    };

    WebConnection conn() {
        return new WebConnection(CONFIG, "127.0.0.1", false, io);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void feed(WebConnection c, byte[] b) {
        c.feed(b.clone(), 0, b.length);
    }

    String output() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepAliveAnswersPipelinedRequestsThenCloses() {
        WebConnection c = conn();
        feed(c, ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /missing HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"));
        String o = output();
        assertThat(o).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n<!doctype html>HTTP/1.1 404 Not Found\r\n");
        assertThat(o.split("HTTP/1.1 ", -1)).hasSize(3); // the 404 closes: the third request is not answered
        assertThat(closed).isEqualTo("HTTP 404");
        assertThat(c.requests()).isEqualTo(2);
    }

    @Test
    void upgradeThenFramesInTheSameChunkAndEverySplit() {
        byte[] all = concat(ascii(UPGRADE), text("NICK alice"), text("USER a 0 * :A"));
        for (int split = 0; split <= all.length; split++) {
            out.reset();
            lines.clear();
            opened = null;
            WebConnection c = conn();
            c.feed(java.util.Arrays.copyOfRange(all, 0, split), 0, split);
            c.feed(java.util.Arrays.copyOfRange(all, split, all.length), 0, all.length - split);
            assertThat(output()).as("split %d", split).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            assertThat(opened).isEqualTo(WebSocketMode.TEXT);
            assertThat(lines).containsExactly("NICK alice", "USER a 0 * :A");
            assertThat(c.heldBytes()).isZero();
        }
    }

    @Test
    void refusedHandshakeAndMalformedRequestClose() {
        WebConnection c = conn();
        feed(c, ascii(UPGRADE.replace("Origin: http://127.0.0.1:20000", "Origin: http://evil.example")));
        assertThat(output()).startsWith("HTTP/1.1 403 Forbidden\r\n");
        assertThat(closed).startsWith("WebSocket handshake refused: origin");
        assertThat(opened).isNull();

        out.reset();
        closed = null;
        c = conn();
        feed(c, ascii("POST / HTTP/1.1\r\n"));
        assertThat(output()).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD");
        assertThat(closed).isEqualTo("HTTP 405");
    }

    @Test
    void timeoutIs408MidRequestAndSilentWhenIdle() {
        WebConnection c = conn();
        feed(c, ascii("GET / HTTP/1.1\r\nHost:"));
        c.timeout();
        assertThat(output()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(closed).isEqualTo("HTTP 408");

        out.reset();
        closed = null;
        c = conn();
        c.timeout();
        assertThat(output()).isEmpty();
        assertThat(closed).isEqualTo("HTTP idle timeout");
    }

    @Test
    void serverCloseSendsACloseFrameAndClientCloseIsAnswered() {
        WebConnection c = conn();
        feed(c, ascii(UPGRADE));
        out.reset();
        c.close(CloseCode.GOING_AWAY, "Server shutting down");
        List<Frames.ServerFrame> f = Frames.parseServer(out.toByteArray());
        assertThat(f).singleElement().satisfies(x -> assertThat(x.closeCode()).isEqualTo(1001));
        assertThat(closed).isEqualTo("Server shutting down");
        feed(c, text("PRIVMSG #a :too late"));
        assertThat(lines).isEmpty();

        out.reset();
        closed = null;
        c = conn();
        feed(c, ascii(UPGRADE));
        out.reset();
        feed(c, Frames.frame(true, 8, new byte[]{0x03, (byte) 0xe8}, true));
        assertThat(Frames.parseServer(out.toByteArray())).singleElement().satisfies(x -> assertThat(x.closeCode()).isEqualTo(1000));
        assertThat(closed).isEqualTo("WebSocket 1000: WebSocket closed by client");
    }

    @Test
    void outboundBroadcastIsFramedOncePerMode() {
        WebConnection a = conn(), b = conn();
        feed(a, ascii(UPGRADE));
        feed(b, ascii(UPGRADE));
        byte[] broadcast = ascii(":x PRIVMSG #c :hi\r\n");
        assertThat(a.frame(broadcast)).isSameAs(b.frame(broadcast));
        assertThat(Frames.parseServer(a.frame(broadcast))).singleElement().extracting(Frames.ServerFrame::text)
                .isEqualTo(":x PRIVMSG #c :hi");
    }

    @Test
    void snifferTellsHttpFromIrc() {
        assertThat(HttpSniffer.sniff(ascii("GET / HTTP/1.1"), 0, 14)).isEqualTo(HttpSniffer.Verdict.HTTP);
        assertThat(HttpSniffer.sniff(ascii("HEAD /"), 0, 6)).isEqualTo(HttpSniffer.Verdict.HTTP);
        assertThat(HttpSniffer.sniff(ascii("GE"), 0, 2)).isEqualTo(HttpSniffer.Verdict.NEED_MORE);
        assertThat(HttpSniffer.sniff(ascii("HE"), 0, 2)).isEqualTo(HttpSniffer.Verdict.NEED_MORE);
        assertThat(HttpSniffer.sniff(ascii("NICK a"), 0, 6)).isEqualTo(HttpSniffer.Verdict.NOT_HTTP);
        assertThat(HttpSniffer.sniff(ascii("GETX"), 0, 4)).isEqualTo(HttpSniffer.Verdict.NOT_HTTP);
        assertThat(HttpSniffer.sniff(ascii("get / HTTP/1.1"), 0, 4)).isEqualTo(HttpSniffer.Verdict.NOT_HTTP);
    }
}

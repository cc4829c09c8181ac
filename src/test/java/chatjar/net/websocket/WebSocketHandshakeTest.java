package chatjar.net.websocket;

import chatjar.net.http.HttpLimits;
import chatjar.net.http.HttpRequest;
import chatjar.net.http.HttpRequestParser;
import chatjar.net.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The opening handshake and its refusals, on request heads as a browser or a tool would send them. */
class WebSocketHandshakeTest {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static HttpRequest request(String... extra) {
        StringBuilder s = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1:20000\r\n");
        for (String h : extra) s.append(h).append("\r\n");
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        assertThat(p.state()).isEqualTo(HttpRequestParser.State.COMPLETE);
        return p.request();
    }

    static HttpRequest upgrade(String... extra) {
        String[] base = {"Upgrade: websocket", "Connection: keep-alive, Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: " + KEY};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return request(all);
    }

    static WebSocketHandshake.Result accept(HttpRequest r) {
        return WebSocketHandshake.accept(r, OriginPolicy.SAME_ORIGIN, false);
    }

    static String head(WebSocketHandshake.Result r) {
        return new String(r.response().head(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void acceptsWithTheRfcExampleKey() {
        WebSocketHandshake.Result r = accept(upgrade("Origin: http://127.0.0.1:20000"));
        assertThat(r).isInstanceOf(WebSocketHandshake.Accepted.class);
        assertThat(r.response().status()).isEqualTo(HttpStatus.SWITCHING_PROTOCOLS);
        assertThat(head(r)).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") // RFC 6455 §1.3
                .doesNotContain("Sec-WebSocket-Protocol").doesNotContain("Content-Length");
        assertThat(((WebSocketHandshake.Accepted) r).mode()).isEqualTo(WebSocketMode.TEXT);
        assertThat(WebSocketHandshake.isUpgrade(upgrade())).isTrue();
        assertThat(WebSocketHandshake.isUpgrade(request())).isFalse();
    }

    @Test
    void subprotocolsPerIrcv3() {
        var text = (WebSocketHandshake.Accepted) accept(upgrade("Sec-WebSocket-Protocol: text.ircv3.net"));
        assertThat(text.mode()).isEqualTo(WebSocketMode.TEXT);
        assertThat(head(text)).contains("Sec-WebSocket-Protocol: text.ircv3.net\r\n");

        var bin = (WebSocketHandshake.Accepted) accept(upgrade("Sec-WebSocket-Protocol: chat, binary.ircv3.net, text.ircv3.net"));
        assertThat(bin.mode()).isEqualTo(WebSocketMode.BINARY); // the client's first one we speak
        assertThat(bin.subprotocol()).isEqualTo("binary.ircv3.net");

        var split = (WebSocketHandshake.Accepted) accept(upgrade("Sec-WebSocket-Protocol: x", "Sec-WebSocket-Protocol: text.ircv3.net"));
        assertThat(split.subprotocol()).isEqualTo("text.ircv3.net");

        var unknown = (WebSocketHandshake.Accepted) accept(upgrade("Sec-WebSocket-Protocol: mqtt"));
        assertThat(unknown.subprotocol()).isNull();
        assertThat(head(unknown)).doesNotContain("Sec-WebSocket-Protocol");
    }

    @Test
    void badUpgradesAre400() {
        for (HttpRequest r : List.of(
                request("Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY), // no Connection
                request("Connection: Upgrade", "Upgrade: h2c", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY),
                request("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"), // no key
                request("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: short"),
                request("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=!"))) {
            WebSocketHandshake.Result res = accept(r);
            assertThat(res).isInstanceOf(WebSocketHandshake.Rejected.class);
            assertThat(res.response().status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(res.response().closes()).isTrue();
        }
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = ("GET / HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        assertThat(accept(p.request()).response().status()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void otherVersionIs426NamingThirteen() {
        HttpRequest r = request("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 8",
                "Sec-WebSocket-Key: " + KEY);
        WebSocketHandshake.Result res = accept(r);
        assertThat(res.response().status()).isEqualTo(HttpStatus.UPGRADE_REQUIRED);
        assertThat(head(res)).contains("Sec-WebSocket-Version: 13\r\n");
    }

    @Test
    void originPolicy() {
        assertThat(accept(upgrade())).as("no Origin: not a browser").isInstanceOf(WebSocketHandshake.Accepted.class);
        for (String foreign : List.of("http://evil.example", "http://127.0.0.1:20001", "https://127.0.0.1:20000",
                "null", "file://", "http://127.0.0.1:20000@evil.example")) {
            WebSocketHandshake.Result res = accept(upgrade("Origin: " + foreign));
            assertThat(res).as(foreign).isInstanceOf(WebSocketHandshake.Rejected.class);
            assertThat(res.response().status()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        OriginPolicy list = OriginPolicy.of(List.of("https://chat.example.org"));
        assertThat(WebSocketHandshake.accept(upgrade("Origin: https://chat.example.org"), list, false))
                .isInstanceOf(WebSocketHandshake.Accepted.class);
        assertThat(list.allows("HTTPS://Chat.Example.org:443", "x", false)).isTrue(); // default port, any case
        assertThat(list.allows("http://chat.example.org", "x", false)).isFalse();
        assertThat(OriginPolicy.SAME_ORIGIN.allows("https://chat.example.org", "chat.example.org", true)).isTrue();
        assertThat(OriginPolicy.SAME_ORIGIN.allows("http://chat.example.org", "chat.example.org:80", false)).isTrue();
        assertThat(OriginPolicy.SAME_ORIGIN.allows("http://[::1]:20000", "[::1]:20000", false)).isTrue();
        assertThat(OriginPolicy.of(List.of("*")).allows("http://anything", "x", false)).isTrue();
    }
}

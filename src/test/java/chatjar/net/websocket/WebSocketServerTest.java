package chatjar.net.websocket;

import chatjar.cli.WebWiring;
import chatjar.net.tls.ServerTls;
import chatjar.server.ServerConfig;
import chatjar.testing.IrcTestClient;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chatjar.testing.WebTestServer.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket on the real server, frame by frame over real sockets: what a hostile or broken client gets, the
 * close handshake both ways, the sendq for a client that never reads, wss on the TLS port, the Origin list.
 */
@Timeout(90)
class WebSocketServerTest {
    static WebTestServer server;

    @BeforeAll
    static void start() {
        server = new WebTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawWebSocket registered(int port, String nick) throws Exception {
        RawWebSocket ws = new RawWebSocket(port);
        ws.text("NICK " + nick).text("USER " + nick + " 0 * :" + nick);
        ws.expectText(" 001 " + nick + " ");
        return ws;
    }

    @Test
    void aMessageInFragmentsSentByteByByteWithAPingBetweenArrivesWhole() throws Exception {
        try (RawWebSocket ws = registered(server.port, "frag"); IrcTestClient tcp = server.register("fragpeer")) {
            tcp.send("JOIN #frag");
            tcp.expect("366");
            ws.text("JOIN #frag");
            ws.expectText(" 366 frag #frag ");
            byte[] all = Frames.concat(
                    Frames.frame(false, 1, Frames.utf8("PRIVMSG #frag :in "), true),
                    Frames.frame(true, 9, new byte[]{7, 7}, true),
                    Frames.frame(false, 0, Frames.utf8("three "), true),
                    Frames.frame(true, 0, Frames.utf8("pieces"), true));
            for (byte b : all) ws.write(new byte[]{b}); // one TCP segment per byte (TCP_NODELAY)
            Frames.ServerFrame pong = ws.expect(f -> f.opcode() == 10, "pong");
            assertThat(pong.payload()).containsExactly(7, 7);
            tcp.expect("PRIVMSG", "#frag", "in three pieces");
            tcp.send("PRIVMSG frag :a DM back");
            assertThat(ws.expectText("PRIVMSG frag")).endsWith(":a DM back");
        }
    }

    @Test
    void anOversizedFrameIsRefusedFromItsHeaderWith1009() throws Exception {
        try (RawWebSocket ws = registered(server.port, "big")) {
            // the header alone announces 20000 bytes, over the 16 KiB limit: no need to send them
            byte[] f = Frames.frame(true, 1, new byte[20_000], true);
            ws.write(java.util.Arrays.copyOf(f, 8));
            assertThat(ws.expectClose()).isEqualTo(CloseCode.TOO_BIG);
            ws.expectEof();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.onLoop(s -> s.users().find("big")) == null);
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() throws Exception {
        try (RawWebSocket ws = registered(server.port, "bare")) {
            ws.write(Frames.frame(true, 1, Frames.utf8("PRIVMSG bare :x"), false));
            assertThat(ws.expectClose()).isEqualTo(CloseCode.PROTOCOL_ERROR);
            ws.expectEof();
        }
    }

    @Test
    void theCloseHandshakeEndsTheSessionAndPeersSeeAQuit() throws Exception {
        try (IrcTestClient tcp = server.register("watcher"); RawWebSocket ws = registered(server.port, "leaver")) {
            tcp.send("JOIN #bye");
            tcp.expect("366");
            ws.text("JOIN #bye");
            tcp.expect("JOIN", "#bye");
            byte[] close = {(byte) 0x03, (byte) 0xe8, 'o', 'k'}; // 1000 "ok"
            ws.write(Frames.frame(true, 8, close, true));
            assertThat(ws.expectClose()).isEqualTo(1000);
            ws.expectEof();
            tcp.expectMatch(m -> m.command().equals("QUIT") && m.prefix().startsWith("leaver!"), "QUIT of leaver");
        }
    }

    @Test
    void aQuitFromTheClientGetsErrorThenACloseFrame() throws Exception {
        try (RawWebSocket ws = registered(server.port, "quitter")) {
            ws.text("QUIT :done");
            ws.expectText("ERROR :Closing Link");
            assertThat(ws.expectClose()).isEqualTo(CloseCode.NORMAL);
            ws.expectEof();
        }
    }

    @Test
    void aLineLongerThanTheIrcLimitIsAnsweredLikeOverTcp() throws Exception {
        int max = server.server.config().maxFrame();
        try (RawWebSocket ws = registered(server.port, "longish")) {
            ws.text("PRIVMSG longish :" + "x".repeat(max));
            ws.expectText(" 417 longish ");
            ws.text("PING :still here");
            ws.expectText("PONG");
        }
    }

    @Test
    void aWebSocketClientThatNeverReadsIsDroppedAtItsSendq() throws Exception {
        long sendq = 32 * 1024;
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .sendqBytes(sendq).floodBurst(0).build());
        try (WebTestServer small = new WebTestServer(config, WebWiring.Settings.defaults());
             IrcTestClient talker = small.register("talker");
             RawWebSocket slow = new RawWebSocket(small.port, 4096, false)) {
            slow.text("NICK slow").text("USER slow 0 * :never reads").text("JOIN #busy");
            talker.send("JOIN #busy");
            talker.expect("JOIN", "#busy");
            await().atMost(Duration.ofSeconds(20)).until(() -> small.onLoop(s -> {
                var c = s.users().find("slow");
                return c != null && !c.channels().isEmpty();
            }));
            String text = "y".repeat(400);
            int sent = 0;
            long maxPending = 0;
            while (small.onLoop(s -> s.users().find("slow")) != null) {
                assertThat(sent).as("never dropped; max pending " + maxPending).isLessThan(40_000);
                for (int i = 0; i < 20; i++) talker.send("PRIVMSG #busy :" + (++sent) + " " + text);
                talker.sync();
                long pending = small.onLoop(s -> {
                    var c = s.users().find("slow");
                    return c == null ? 0L : chatjar.server.LocalUser.of(c).link.pendingBytes();
                });
                maxPending = Math.max(maxPending, pending);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    talker.allLines().stream().anyMatch(l -> l.startsWith(":slow!") && l.endsWith(" QUIT :SendQ exceeded")));
            // framed bytes are what is counted: the queue never went far past the limit
            assertThat(maxPending).isLessThanOrEqualTo(sendq + 1024);
            assertThat(exchange(small.port, "GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                    .contains("chatjar_sendq_drops_total 1\n");
        }
    }

    @Test
    void wssOnTheTlsPortIsSecureAndChatsWithPlainTcp() throws Exception {
        int tlsPort = server.listenTls(ServerTls.selfSigned("localhost"));
        HttpClient https = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(10)).build();
        var page = https.send(java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("app/main.js");

        WebSocketInteropTest.Inbox inbox = new WebSocketInteropTest.Inbox();
        WebSocket ws = https.newWebSocketBuilder().subprotocols("text.ircv3.net")
                .header("Origin", "https://127.0.0.1:" + tlsPort)
                .buildAsync(URI.create("wss://127.0.0.1:" + tlsPort + "/"), inbox).get(30, TimeUnit.SECONDS);
        ws.sendText("NICK secure", true).join();
        ws.sendText("USER s 0 * :S", true).join();
        inbox.await(" 001 secure ");
        try (IrcTestClient tcp = server.register("plainpeer")) {
            tcp.send("WHOIS secure");
            tcp.expect("671", "plainpeer", "secure");
            ws.sendText("PRIVMSG plainpeer :over wss", true).join();
            tcp.expect("PRIVMSG", "plainpeer", "over wss");
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        assertThat(inbox.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void configuredOriginsAreAllowedAndOthersRefused() {
        String upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: ";
        try (WebTestServer listed = new WebTestServer(WebWiring.Settings.defaults().withOrigins(List.of("https://chat.example.org")))) {
            assertThat(firstLine(listed.port, upgrade + "https://chat.example.org\r\n\r\n")).startsWith("HTTP/1.1 101 ");
            assertThat(firstLine(listed.port, upgrade + "https://evil.example.org\r\n\r\n")).startsWith("HTTP/1.1 403 ");
            assertThat(firstLine(listed.port, upgrade + "http://127.0.0.1\r\n\r\n")).as("same origin").startsWith("HTTP/1.1 101 ");
        }
    }

    /** The status line of the answer; the connection is left to close with the socket. */
    private static String firstLine(int port, String request) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SSLContext trustAll() throws Exception {
        TrustManager tm = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{tm}, null);
        return ctx;
    }
}

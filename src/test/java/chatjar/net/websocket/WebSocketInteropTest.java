package chatjar.net.websocket;

import chatjar.testing.IrcTestClient;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web against an independent implementation: the JDK's own WebSocket and HTTP clients, over real loopback
 * sockets, on the real server's IRC port, chatting with a TCP client on that same port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketInteropTest {
    static WebTestServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        server = new WebTestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Collects whole text messages; a message split over several onText calls is joined first. */
    static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                messages.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        /** The next message starting with or containing {@code text}, skipping others. */
        String await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String m = messages.poll(1, TimeUnit.SECONDS);
                if (m != null && m.contains(text)) return m;
            }
            throw new AssertionError("no WebSocket message with " + text);
        }
    }

    static WebSocket open(Inbox inbox, String origin) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().subprotocols("text.ircv3.net").connectTimeout(Duration.ofSeconds(10));
        if (origin != null) b.header("Origin", origin);
        return b.buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/"), inbox).join();
    }

    @Test
    void aBrowserStyleClientChatsWithATcpClient() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open(inbox, "http://127.0.0.1:" + server.port);
        assertThat(ws.getSubprotocol()).isEqualTo("text.ircv3.net");
        ws.sendText("NICK webby", true).join();
        ws.sendText("USER webby 0 * :Web user\r\n", true).join(); // a trailing CRLF is tolerated
        assertThat(inbox.await(" 001 webby ")).doesNotEndWith("\r\n").doesNotContain("\n");
        ws.sendText("JOIN #web", true).join();
        inbox.await(" 366 webby #web ");

        try (IrcTestClient tcp = server.register("tcpy")) {
            tcp.send("JOIN #web");
            tcp.expect("366");
            inbox.await(":tcpy!");
            tcp.send("PRIVMSG #web :hello from TCP é");
            assertThat(inbox.await("PRIVMSG #web")).endsWith("PRIVMSG #web :hello from TCP é");

            // a message in three fragments, with a ping in the middle
            ws.sendText("PRIVMSG #web :hello ", false).join();
            ws.sendPing(ByteBuffer.wrap(new byte[]{1, 2, 3})).join();
            ws.sendText("from the ", false).join();
            ws.sendText("web", true).join();
            tcp.expect("PRIVMSG", "#web", "hello from the web");

            ws.sendText("PRIVMSG tcpy :a DM", true).join();
            tcp.expect("PRIVMSG", "tcpy", "a DM");
        }

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertThat(inbox.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void aPageFromAnotherOriginIsRefused() {
        assertThatThrownBy(() -> open(new Inbox(), "http://evil.example"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void theClientIsServedOverHttpWithRevalidationAndGzip() throws Exception {
        URI root = URI.create("http://127.0.0.1:" + server.port + "/");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app/main.js\"></script>");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow()).contains("default-src 'self'");
        String etag = page.headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(root).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<byte[]> js = HTTP.send(HttpRequest.newBuilder(root.resolve("app/state.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(js.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(js.body()[0]).isEqualTo((byte) 0x1f); // the gzip magic number

        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(root.resolve("nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void handshakeErrorsOverARealSocket() throws Exception {
        for (String[] c : List.of(
                new String[]{"Sec-WebSocket-Version: 8", "426"},
                new String[]{"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: nope", "400"})) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port)) {
                s.setSoTimeout(10_000);
                String req = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + c[0]
                        + (c[0].contains("Key") ? "" : "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n";
                s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 " + c[1] + " ");
            }
        }
    }

    @Test
    void anUnmaskedClientFrameIsClosedWith1002() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            out.write(WebConnectionTest.UPGRADE.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(Frames.frame(true, 1, "NICK x".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false));
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
            int body = text.indexOf("\r\n\r\n") + 4;
            assertThat(text).startsWith("HTTP/1.1 101 ");
            List<Frames.ServerFrame> frames = Frames.parseServer(java.util.Arrays.copyOfRange(all, body, all.length));
            assertThat(frames).last().satisfies(f -> {
                assertThat(f.opcode()).isEqualTo(8);
                assertThat(f.closeCode()).isEqualTo(1002);
            });
        }
    }
}

package chatjar.net.http;

import chatjar.cli.WebWiring;
import chatjar.testing.IrcTestClient;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static chatjar.testing.WebTestServer.exchange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP on the real server: on the IRC port (told apart by its first bytes) and on the HTTP-only port, over
 * real sockets. What an HTTP client gets, and that it never becomes a chat session; IRC on the same port as
 * before.
 */
@Timeout(60)
class WebHttpServerTest {
    static WebTestServer server;

    @BeforeAll
    static void start() {
        server = new WebTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    @Test
    void theWebClientIsServedOnTheIrcPortWithoutMakingAChatSession() {
        long sessions = server.onLoop(s -> server.web.metrics().sessionsTotal());
        String page = exchange(server.port, get("/"));
        assertThat(page).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html")
                .contains("Content-Security-Policy: default-src 'self'").contains("<script type=\"module\" src=\"app/main.js\">");
        String head = exchange(server.port, "HEAD /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/css").endsWith("\r\n\r\n");
        long after = server.onLoop(s -> server.web.metrics().sessionsTotal());
        int users = server.onLoop(s -> s.users().count());
        assertThat(after).as("HTTP requests are not chat sessions").isEqualTo(sessions);
        assertThat(users).isZero();
    }

    @Test
    void unknownPathsMethodsBodiesAndHugeHeadsAreRefused() {
        assertThat(exchange(server.port, get("/nope"))).startsWith("HTTP/1.1 404 ");
        assertThat(exchange(server.port, get("/../../etc/passwd"))).startsWith("HTTP/1.1 404 ");
        // On the IRC port only GET and HEAD make a connection HTTP; after one request, any method is HTTP's to refuse.
        String twice = exchange(server.port, "GET / HTTP/1.1\r\nHost: a\r\n\r\nDELETE / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(twice).startsWith("HTTP/1.1 200 ").contains("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD");
        assertThat(exchange(server.httpPort, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(exchange(server.port, "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")).startsWith("HTTP/1.1 413 ");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 70; i++) many.append("X-Header-").append(i).append(": v\r\n");
        assertThat(exchange(server.port, many.append("\r\n").toString())).startsWith("HTTP/1.1 431 ");
        assertThat(exchange(server.port, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ");
        assertThat(exchange(server.port, "GET /" + "u".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 414 ");
    }

    @Test
    void aSlowRequestIsAnswered408AndAnIdleOneClosed() throws Exception {
        try (WebTestServer quick = new WebTestServer(WebWiring.Settings.defaults().withRequestTimeout(300))) {
            long t0 = System.nanoTime();
            assertThat(exchange(quick.port, "GET / HTTP/1.1\r\nHost: a\r\n")).startsWith("HTTP/1.1 408 ");
            // a kept-alive connection that asks nothing more is closed after the same time
            String kept = exchange(quick.port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(kept).startsWith("HTTP/1.1 200 ").doesNotContain("408");
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(600);
        }
    }

    @Test
    void ircOnTheSamePortIsUnchanged() throws Exception {
        try (Socket nc = new Socket("127.0.0.1", server.port)) { // a person at nc types a line of plain text
            nc.setSoTimeout(10_000);
            nc.getOutputStream().write("hello from nc\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(nc.getInputStream(), StandardCharsets.UTF_8));
            String line;
            boolean greeted = false;
            while (!greeted && (line = in.readLine()) != null) greeted = line.contains("#lobby");
            assertThat(greeted).as("the plain-text user is greeted into #lobby").isTrue();
        }
        try (IrcTestClient a = server.register("ann"); IrcTestClient b = server.register("bob")) {
            a.send("JOIN #same");
            a.expect("366");
            b.send("JOIN #same");
            b.expect("366");
            a.send("PRIVMSG #same :GET / HTTP/1.1");
            b.expect("PRIVMSG", "#same", "GET / HTTP/1.1");
        }
        // "HE" could still become "HEAD ": the sniffer waits for more, and the bytes it held are kept when the
        // rest shows a plain-text line ("HE" + "LLO all"). (A silent client is greeted only once it speaks.)
        try (IrcTestClient lobby = server.register("lobbyist"); IrcTestClient c = server.connect()) {
            lobby.send("JOIN #lobby");
            lobby.expect("366");
            c.sendRaw("HE".getBytes(StandardCharsets.US_ASCII));
            c.send("LLO all");
            lobby.expect("PRIVMSG", "#lobby", "HELLO all");
            assertThat(c.allLines()).noneMatch(l -> l.startsWith("HTTP/"));
        }
    }

    @Test
    void metricsAreServedToLoopbackOnly() throws Exception {
        try (IrcTestClient a = server.register("metered")) {
            a.sync();
            String m = exchange(server.port, get("/metrics"));
            assertThat(m).startsWith("HTTP/1.1 200 ").contains("Content-Type: text/plain; version=0.0.4")
                    .contains("chatjar_connections{transport=\"irc\",tls=\"false\"} 1\n")
                    .contains("chatjar_connections{transport=\"http\",tls=\"false\"} 1\n")
                    .contains("chatjar_clients_registered 1\n")
                    .contains("# TYPE chatjar_deliveries_total counter\n")
                    .contains("chatjar_sendq_drops_total 0\n").contains("chatjar_flood_kills_total 0\n")
                    .containsPattern("chatjar_loop_busy_ratio (0|1|0\\.[0-9E-]+)\n")
                    .containsPattern("chatjar_lines_received_total [1-9]");
        }
        try (WebTestServer closed = new WebTestServer(WebWiring.Settings.defaults().withMetricsAllow(List.of("10.0.0.0/8")))) {
            assertThat(exchange(closed.port, get("/metrics"))).startsWith("HTTP/1.1 403 ");
        }
        try (WebTestServer none = new WebTestServer(WebWiring.Settings.defaults().withMetricsAllow(List.of()))) {
            assertThat(exchange(none.port, get("/metrics"))).startsWith("HTTP/1.1 404 ");
        }
    }
}

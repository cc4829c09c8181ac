package chatjar.net.websocket;

import chatjar.cli.WebWiring;
import chatjar.server.ServerConfig;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static chatjar.testing.WebTestServer.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-network cap on connections in the HTTP phase (--http-max-per-ip), over real sockets: the connection
 * past it gets a 503, a slot freed by a close or by an upgrade is usable again, and exempt networks (loopback by
 * default) are not capped.
 */
@Timeout(60)
class WebPerAddressLimitTest {
    private static final String HALF_REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n"; // sniffed as HTTP, never finished
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    /** Loopback not exempt, so the test's 127.0.0.1 is capped like any network. */
    private static WebTestServer server(int perIp) {
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl()
                .toBuilder().exempt(List.of()).build());
        return new WebTestServer(config, WebWiring.Settings.defaults().withHttpPerIp(perIp));
    }

    private static Socket half(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(HALF_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    private static long httpOpen(WebTestServer s) {
        return s.onLoop(x -> s.web.counters().open(WebCounters.Transport.HTTP, false));
    }

    @Test
    void theConnectionPastTheCapIsRefusedUntilOneClosesOrUpgrades() throws Exception {
        try (WebTestServer s = server(2); Socket a = half(s.port); Socket b = half(s.httpPort)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> httpOpen(s) == 2);
            String refused = exchange(s.port, GET);
            assertThat(refused).startsWith("HTTP/1.1 503 ");
            // Both ports share the cap; IRC on the same port is not HTTP and is not refused by it.
            assertThat(exchange(s.httpPort, GET)).startsWith("HTTP/1.1 503 ");

            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> httpOpen(s) == 1);
            try (RawWebSocket ws = new RawWebSocket(s.port)) { // takes the freed slot, then leaves HTTP at its 101
                await().atMost(Duration.ofSeconds(10)).until(() -> httpOpen(s) == 1);
                assertThat(exchange(s.port, GET)).as("the upgraded WebSocket no longer counts").startsWith("HTTP/1.1 200 ");
            }
            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> s.onLoop(x -> s.web.counters().httpNetworks()) == 0);
        }
    }

    @Test
    void exemptNetworksAndAZeroCapAreNotCapped() throws Exception {
        try (WebTestServer s = new WebTestServer(WebWiring.Settings.defaults().withHttpPerIp(1)); // loopback exempt
             Socket a = half(s.port); Socket b = half(s.port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> httpOpen(s) == 2);
            assertThat(exchange(s.port, GET)).startsWith("HTTP/1.1 200 ");
        }
        try (WebTestServer s = server(0); Socket a = half(s.port); Socket b = half(s.port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> httpOpen(s) == 2);
            assertThat(exchange(s.port, GET)).startsWith("HTTP/1.1 200 ");
        }
    }

}

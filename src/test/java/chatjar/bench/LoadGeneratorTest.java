package chatjar.bench;

import chatjar.cluster.ClusterNode;
import chatjar.cluster.RedisServer;
import chatjar.net.websocket.WebCounters;
import chatjar.testing.TestServer;
import chatjar.testing.WebTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generator against our own server, small: every message reaches every other member exactly once. */
class LoadGeneratorTest {
    private static BenchConfig config(int port, BenchConfig.Scenario scenario, int clients, int threads) {
        return BenchConfig.builder(port).scenario(scenario).clients(clients).channels(3).senders(6).rate(200)
                .durationSeconds(1).threads(threads).concurrency(100).nickPrefix("t").quiet(true).build();
    }

    @Test
    @Timeout(60)
    void fanoutDeliversEveryMessageOnce() throws Exception {
        try (TestServer s = new TestServer()) {
            Map<String, Object> r = new LoadGenerator(config(s.port, BenchConfig.Scenario.fanout, 30, 2)).run();
            assertThat(r.get("registered")).isEqualTo(30L);
            long sent = (Long) r.get("sent");
            // How many go out depends on the CPU the generator gets (late sends are skipped and counted, by
            // design); what must hold on any machine is that each one sent arrives once at every other member.
            assertThat(sent).isPositive();
            assertThat((Long) r.get("expected")).isEqualTo(sent * 9); // 10 members per channel, sender excluded
            assertThat(r.get("received")).isEqualTo(r.get("expected"));
            assertThat(r.get("lost")).isEqualTo(0L);
            assertThat(r.get("duplicates")).isEqualTo(0L);
        }
    }

    @Test
    @Timeout(60)
    void fanoutOverWebSocketDeliversEveryMessageOnce() throws Exception {
        try (WebTestServer s = new WebTestServer()) {
            BenchConfig cfg = config(s.port, BenchConfig.Scenario.fanout, 30, 2).toBuilder()
                    .transport(BenchConfig.Transport.ws).build();
            Map<String, Object> r = new LoadGenerator(cfg).run();
            assertThat(r.get("registered")).isEqualTo(30L);
            assertThat(r.get("joined")).isEqualTo(30);
            long sent = (Long) r.get("sent");
            assertThat(sent).isPositive();
            assertThat((Long) r.get("expected")).isEqualTo(sent * 9);
            assertThat(r.get("received")).isEqualTo(r.get("expected"));
            assertThat(r.get("lost")).isEqualTo(0L);
            assertThat(r.get("duplicates")).isEqualTo(0L);
            // They really came as WebSockets, upgraded on the IRC port, not as IRC lines.
            long upgraded = s.onLoop(x -> s.web.counters().total(WebCounters.Transport.WEBSOCKET, false));
            assertThat(upgraded).isEqualTo(30L);
        }
    }

    @Test
    @Timeout(30)
    void webSocketToAPlainIrcPortFailsEveryClient() throws Exception {
        try (TestServer s = new TestServer()) { // no web layer: GET is just an unknown command
            BenchConfig cfg = config(s.port, BenchConfig.Scenario.connect, 5, 1).toBuilder()
                    .transport(BenchConfig.Transport.ws).build();
            Map<String, Object> r = new LoadGenerator(cfg).run();
            assertThat(r.get("registered")).isEqualTo(0L);
            assertThat(r.get("failed")).isEqualTo(5L);
        }
    }

    @Test
    @Timeout(60)
    void connectStormRegistersEveryone() throws Exception {
        try (TestServer s = new TestServer()) {
            Map<String, Object> r = new LoadGenerator(config(s.port, BenchConfig.Scenario.connect, 200, 1)).run();
            assertThat(r.get("registered")).isEqualTo(200L);
            assertThat(r.get("failed")).isEqualTo(0L);
            assertThat((Double) r.get("registrations_per_s")).isPositive();
        }
    }

    @Test
    @Timeout(30)
    void refusedConnectionsCountAsFailures() throws Exception {
        int port;
        try (TestServer s = new TestServer()) {
            port = s.port; // closed again: nothing listens there now
        }
        Map<String, Object> r = new LoadGenerator(config(port, BenchConfig.Scenario.connect, 5, 1)).run();
        assertThat(r.get("registered")).isEqualTo(0L);
        assertThat(r.get("failed")).isEqualTo(5L);
    }

    @Test
    @Timeout(60)
    void idleReadsMemoryAsTopShowsItAndAfterAForcedGc() throws Exception {
        try (TestServer s = new TestServer()) {
            long self = ProcessHandle.current().pid(); // the server runs in this JVM
            BenchConfig cfg = config(s.port, BenchConfig.Scenario.idle, 20, 1).toBuilder()
                    .serverPid(self).rssAfterSeconds(1).gcBaseline(false).build();
            Map<String, Object> r = new LoadGenerator(cfg).run();
            assertThat(r.get("clients_held_by_server")).isEqualTo(20L);
            assertThat((Long) r.get("server_rss_empty_kib")).isPositive();
            assertThat((Long) r.get("server_rss_unforced_kib")).isPositive();
            assertThat(r).containsEntry("rss_after_s", 1).containsKey("rss_unforced_per_client_bytes")
                    .containsKey("rss_per_client_bytes")
                    .doesNotContainKey("heap_per_client_bytes"); // no baseline GC, so no live-heap baseline
            assertThat(r.get("server_rss_before_kib")).isEqualTo(r.get("server_rss_empty_kib"));
        }
    }

    @Test
    @Timeout(60)
    void severalPortsSpreadTheClientsOneByOne() throws Exception {
        try (TestServer a = new TestServer(); TestServer b = new TestServer()) {
            BenchConfig cfg = config(a.port, BenchConfig.Scenario.idle, 9, 1).toBuilder()
                    .ports(List.of(a.port, b.port)).clientBase(4).durationSeconds(30).build();
            CompletableFuture<Map<String, Object>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new LoadGenerator(cfg).run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Clients 4..12 by global index: the even ones on the first port, the odd ones on the second.
            await().atMost(Duration.ofSeconds(20)).until(() -> a.<Integer>onLoop(s -> s.users().registeredCount()) == 5
                    && b.<Integer>onLoop(s -> s.users().registeredCount()) == 4);
            assertThat(a.<Boolean>onLoop(s -> s.users().find("t4") != null && s.users().find("t12") != null)).isTrue();
            assertThat(b.<Boolean>onLoop(s -> s.users().find("t5") != null && s.users().find("t11") != null)).isTrue();
            run.cancel(true); // the hold is long on purpose; the generator's threads are daemons
        }
    }

    /** Senders and receivers on different nodes of a cluster, all in one generator: latency across nodes. */
    @Test
    @Timeout(60)
    void fanoutAcrossClusterNodesDeliversEveryMessageOnce() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        try (RedisServer redis = new RedisServer();
             ClusterNode a = new ClusterNode(redis.uri(), "a", 5000);
             ClusterNode b = new ClusterNode(redis.uri(), "b", 5000)) {
            long self = ProcessHandle.current().pid(); // both nodes run in this JVM; counted twice is still a sum
            BenchConfig cfg = config(a.port, BenchConfig.Scenario.fanout, 30, 1).toBuilder()
                    .ports(List.of(a.port, b.port)).serverPids(List.of(self, self, self)).build();
            Map<String, Object> r = new LoadGenerator(cfg).run();
            assertThat(r.get("joined")).isEqualTo(30);
            long sent = (Long) r.get("sent");
            assertThat(sent).isPositive();
            assertThat((Long) r.get("expected")).isEqualTo(sent * 9);
            assertThat(r.get("received")).isEqualTo(r.get("expected"));
            assertThat(r.get("lost")).isEqualTo(0L);
            assertThat(r.get("duplicates")).isEqualTo(0L);
            assertThat((String) r.get("server_cpu_s_each")).matches("[0-9.]+ [0-9.]+ [0-9.]+");
        }
    }
}

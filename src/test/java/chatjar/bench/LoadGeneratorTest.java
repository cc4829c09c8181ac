package chatjar.bench;

import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator against our own server, small: every message reaches every other member exactly once. */
class LoadGeneratorTest {
    private static BenchConfig config(int port, BenchConfig.Scenario scenario, int clients, int threads) {
        return new BenchConfig("127.0.0.1", port, scenario, clients, 3, 6, 200, 1, false, 100, 0, null, threads,
                100, 0, "t", 0, null, null, 0, true);
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
}

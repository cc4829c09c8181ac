package chatjar.server.history;

import chatjar.server.LocalUser;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.store.StoreStats;
import chatjar.store.sqlite.FaultHook;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A stalled disk: the writer falls behind, senders are slowed by their fakelag, and nothing is lost. */
@Timeout(60)
class BackPressureTest {
    @TempDir
    Path dir;

    @Test
    void aStalledWriterSlowsTheSenderAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FaultHook stall = size -> release.await();
        // A queue of 60 events (behind from 45); fakelag 20 lines/s after a burst of 5, backlog room for the test.
        SqliteOptions options = SqliteOptions.defaults().withQueue(60, 8).withFaults(stall, 10).withScramIterations(4096);
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .floodBurst(5).floodPerSecond(20).floodMaxBacklog(200).build());
        int lines = 60;
        try (HistoryServer s = new HistoryServer(Storage.open(dir, options), config, HistorySettings.defaults());
             IrcTestClient alice = s.client("alice", null, null);
             IrcTestClient bob = s.client("bob", null, null)) {
            alice.send("JOIN #p");
            alice.expect("366");
            bob.send("JOIN #p");
            bob.expect("366");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < lines; i++) burst.append("PRIVMSG #p :n").append(i).append("\r\n");
            bob.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(20)).until(() -> s.storage.history().stats().behind());
            assertThat(s.<String>onLoop(srv -> srv.admin().stats())).contains("BEHIND");
            // While behind bob's lines wait in his backlog at a quarter of his rate: at most a few in a second,
            // where his own rate would let twenty through.
            int before = received(alice);
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
                    .until(() -> received(alice) - before <= 8);
            int waiting = s.<Integer>onLoop(srv -> LocalUser.of(srv.users().find("bob")).flood.backlog());
            assertThat(waiting).as("lines held back by fakelag").isPositive();

            release.countDown();
            for (int i = 0; i < lines; i++) alice.expect("PRIVMSG", "#p", "n" + i);
            await().atMost(Duration.ofSeconds(20)).until(() -> s.storage.history().stats().persisted() >= lines + 2);
            StoreStats stats = s.storage.history().stats();
            assertThat(stats.notPersisted()).isZero();
            assertThat(stats.behind()).isFalse();
            assertThat(Batches.history(alice, "CHATHISTORY LATEST #p * 100").texts()).hasSize(lines).first().isEqualTo("n0");
            assertThat(s.<String>onLoop(srv -> srv.admin().stats())).contains("senders slowed 1 time(s)").contains("not persisted 0");
        }
    }

    private static int received(IrcTestClient c) {
        return (int) c.allLines().stream().filter(l -> l.contains(" PRIVMSG #p :n")).count();
    }
}

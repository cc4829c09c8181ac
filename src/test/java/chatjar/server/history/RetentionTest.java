package chatjar.server.history;

import chatjar.server.Storage;
import chatjar.store.Retention;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The periodic purge runs off the loop on its timer and removes what the retention rules say. */
@Timeout(30)
class RetentionTest {
    @TempDir
    Path dir;

    @Test
    void thePurgeTimerRemovesEventsPastTheirAge() throws Exception {
        Retention oneSecond = new Retention(1000, 0);
        HistorySettings settings = new HistorySettings(0, 10, oneSecond, 200);
        try (HistoryServer s = new HistoryServer(Storage.open(dir, SqliteOptions.defaults().withRetention(oneSecond)),
                HistoryServer.unmetered(), settings);
             IrcTestClient alice = s.client("alice", null, null)) {
            alice.send("JOIN #old");
            alice.expect("366");
            alice.send("PRIVMSG #old :soon gone");
            assertThat(Batches.history(alice, "CHATHISTORY LATEST #old * 10").texts()).containsExactly("soon gone");
            await().atMost(Duration.ofSeconds(15)).until(() -> Batches.history(alice, "CHATHISTORY LATEST #old * 10").lines().isEmpty());
        }
    }

    @Test
    void historyMaxLinesKeepsTheNewestOnDiskAndInMemory() throws Exception {
        Retention three = new Retention(0, 3);
        HistorySettings settings = new HistorySettings(0, 10, three, 200);
        for (Storage storage : new Storage[] {Storage.open(dir, SqliteOptions.defaults().withRetention(three)), Storage.memory(three)}) {
            try (HistoryServer s = new HistoryServer(storage, HistoryServer.unmetered(), settings);
                 IrcTestClient alice = s.client("alice", null, "draft/event-playback")) {
                alice.send("JOIN #busy");
                alice.expect("366");
                for (int i = 0; i < 10; i++) alice.send("PRIVMSG #busy :m" + i);
                await().atMost(Duration.ofSeconds(15)).until(
                        () -> Batches.history(alice, "CHATHISTORY LATEST #busy * 100").texts().equals(java.util.List.of("m7", "m8", "m9")));
            }
        }
    }
}

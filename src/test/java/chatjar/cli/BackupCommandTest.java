package chatjar.cli;

import chatjar.ChatJar;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;
import chatjar.store.Await;
import chatjar.store.HistoryQuery;
import chatjar.store.StoredEvent;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.store.sqlite.SqliteStore;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code chat.jar backup}: a consistent copy while a real server writes, exit codes, no overwrite without --force. */
@Timeout(60)
class BackupCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run backup(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = ChatJar.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "backup";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aBackupTakenWhileTheServerWritesOpensWithTheAccountsAndAGapFreeHistory() throws Exception {
        Path data = dir.resolve("data");
        Storage storage = Storage.open(data, SqliteOptions.defaults().withScramIterations(4096));
        ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withoutFloodControl());
        AtomicBoolean talking = new AtomicBoolean(true);
        Path copy = dir.resolve("copy").resolve(SqliteStore.DB_FILE);
        Files.createDirectories(copy.getParent());
        try (TestServer server = new TestServer(new ChatServer(config, storage, HistorySettings.defaults()), 0);
             IrcTestClient ann = server.register("ann");
             IrcTestClient bob = server.register("bob")) {
            assertThat(Await.<Boolean>result((on, done) -> storage.accounts().create("dave", "Dave", "secret-pw".toCharArray(), on, done)))
                    .isTrue();
            ann.send("JOIN #room");
            ann.expect("JOIN", "#room");
            bob.send("JOIN #room");
            bob.expect("JOIN", "#room");
            for (int i = 0; i < 300; i++) ann.send("PRIVMSG #room :line " + i);
            bob.expectText("line 299");
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.history().stats().persisted() >= 302);
            // Keep writing while the copy is taken.
            Thread more = new Thread(() -> {
                for (int i = 300; talking.get() && i < 100_000; i++) ann.send("PRIVMSG #room :line " + i);
            });
            more.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.history().stats().persisted() >= 1_000);
            Run r = backup("--data-dir", data.toString(), "--to", copy.toString());
            talking.set(false);
            more.join(20_000);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("backed up " + data.resolve("chat.db") + " to " + copy).contains(" MB in ");
            assertThat(r.out().lines()).hasSize(1);
        }
        assertThat(Files.exists(copy.resolveSibling("chat.db.partial"))).isFalse();
        try (SqliteStore restored = SqliteStore.open(copy.getParent(), SqliteOptions.defaults().withLock(false, 10_000))) {
            assertThat(Await.<List<String>>result((on, done) -> restored.accounts().list(on, done))).contains("dave");
            List<StoredEvent> all = Await.result((on, done) -> restored.history().query(
                    HistoryQuery.latest("#room", null, 100_000), on, done));
            List<String> lines = all.stream().filter(e -> e.kind() == chatjar.store.EventKind.PRIVMSG).map(StoredEvent::params).toList();
            // One snapshot: every line up to some point, in order, and nothing after a gap.
            assertThat(lines.size()).isGreaterThanOrEqualTo(1_000 - 2);
            for (int i = 0; i < lines.size(); i++) assertThat(lines.get(i)).isEqualTo(":line " + i);
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path data = dir.resolve("data");
        try (SqliteStore store = SqliteStore.open(data, SqliteOptions.defaults())) {
            assertThat(store.history().append(Await.event("#a", chatjar.store.MsgIds.firstSeqAt(System.currentTimeMillis()), "hi")))
                    .isTrue();
        }
        Path to = dir.resolve("backup.db");
        Files.writeString(to, "precious");
        Run refused = backup("--data-dir", data.toString(), "--to", to.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo(to + " exists: choose another file, or replace it with --force");
        assertThat(Files.readString(to)).isEqualTo("precious");

        // The server is stopped: the copy is taken all the same.
        Run forced = backup("--data-dir", data.toString(), "--to", to.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        try (SqliteStore restored = SqliteStore.open(dir.resolve("r"), SqliteOptions.defaults())) {
            assertThat(restored.file()).isNotNull();
        }
        Files.move(to, dir.resolve("r").resolve(SqliteStore.DB_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve("r").resolve("chat.db-wal"));
        Files.deleteIfExists(dir.resolve("r").resolve("chat.db-shm"));
        try (SqliteStore restored = SqliteStore.open(dir.resolve("r"), SqliteOptions.defaults())) {
            List<StoredEvent> got = Await.result((on, done) -> restored.history().query(
                    HistoryQuery.latest("#a", null, 10), on, done));
            assertThat(got).extracting(StoredEvent::params).containsExactly("hi");
        }
    }

    @Test
    void aDirectoryWithoutADatabaseIsExit2() {
        Run r = backup("--data-dir", dir.resolve("nothing").toString(), "--to", dir.resolve("b.db").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("no " + dir.resolve("nothing").resolve("chat.db") + ": give the server's data directory with --data-dir");
        assertThat(Files.exists(dir.resolve("b.db"))).isFalse();
        assertThat(backup("--data-dir", dir.toString()).code()).as("--to is required").isEqualTo(2);
    }
}

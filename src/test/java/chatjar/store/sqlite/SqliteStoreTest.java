package chatjar.store.sqlite;

import chatjar.store.Await;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.Retention;
import chatjar.store.StoreStartException;
import chatjar.store.StoreStartException.Reason;
import chatjar.store.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static chatjar.store.Await.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SqliteStoreTest {
    @TempDir
    Path dir;

    private static SqliteOptions options() {
        return SqliteHistoryStoreTest.small();
    }

    private static List<StoredEvent> latest(SqliteStore s, String target, int limit) {
        return Await.result((on, done) -> s.history().query(HistoryQuery.latest(target, null, limit), on, done));
    }

    @Test
    void restartKeepsHistoryOrderAndSeq() throws Exception {
        long last = 0;
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            MsgIds ids = new MsgIds(0, s.history().lastSeq());
            for (int i = 0; i < 500; i++) s.history().append(event("#c" + (i % 5), last = ids.next(System.currentTimeMillis()), "m" + i));
            assertThat(s.history().lastSeq()).isZero();
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            assertThat(s.history().lastSeq()).isEqualTo(last);
            List<StoredEvent> c4 = latest(s, "#c4", 1000);
            assertThat(c4).hasSize(100);
            assertThat(c4.get(99).seq()).isEqualTo(last);
            for (int i = 1; i < c4.size(); i++) assertThat(c4.get(i).seq()).isGreaterThan(c4.get(i - 1).seq());
            assertThat(new MsgIds(0, s.history().lastSeq()).next(0)).isGreaterThan(last);
        }
    }

    @Test
    void freshFileGetsTheLatestSchemaInWalMode() throws Exception {
        SqliteStore.open(dir, options()).close();
        try (Connection c = SqliteStore.connect(dir.resolve(SqliteStore.DB_FILE), options(), true);
             Statement st = c.createStatement()) {
            assertThat(Schema.version(c)).isEqualTo(Schema.LATEST);
            var rs = st.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void migratesAFileFromTheFirstVersion() throws Exception {
        Files.createDirectories(dir);
        try (Connection c = SqliteStore.connect(dir.resolve(SqliteStore.DB_FILE), options(), false);
             Statement st = c.createStatement()) {
            Schema.migrate(c, 1);
            st.execute("INSERT INTO accounts VALUES ('old', 'Old', '"
                    + chatjar.store.scram.Scram.derive("pw-old".toCharArray(), 4096).encode() + "', 0)");
            assertThat(Schema.version(c)).isEqualTo(1);
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            chatjar.store.Account old = Await.result((on, done) -> s.accounts().verify("old", "pw-old".toCharArray(), on, done));
            assertThat(old.display()).isEqualTo("Old");
            s.history().append(event("#after", new MsgIds(0, 0).next(System.currentTimeMillis()), "history works"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 1);
        }
        try (Connection c = SqliteStore.connect(dir.resolve(SqliteStore.DB_FILE), options(), true)) {
            assertThat(Schema.version(c)).isEqualTo(Schema.LATEST);
        }
    }

    @Test
    void dataDirectoryThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> SqliteStore.open(file.resolve("data"), options()))
                .isInstanceOfSatisfying(StoreStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_WRITABLE);
                    assertThat(e.getMessage()).contains("plain-file").contains("--data-dir").doesNotContain("\n");
                });
    }

    @Test
    void secondServerOnTheSameDirectory() throws Exception {
        try (SqliteStore first = SqliteStore.open(dir, options())) {
            assertThatThrownBy(() -> SqliteStore.open(dir, options()))
                    .isInstanceOfSatisfying(StoreStartException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.LOCKED);
                        assertThat(e.getMessage()).contains("in use by another chat.jar server");
                    });
        }
        SqliteStore.open(dir, options()).close(); // released on close
    }

    @Test
    void databaseLockedByAnotherProgram() throws Exception {
        Files.createDirectories(dir);
        try (Connection other = SqliteStore.connect(dir.resolve(SqliteStore.DB_FILE), options(), false);
             Statement st = other.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            st.execute("CREATE TABLE x (y)");
            st.execute("BEGIN EXCLUSIVE");
            assertThatThrownBy(() -> SqliteStore.open(dir, options().withLock(false, 50)))
                    .isInstanceOfSatisfying(StoreStartException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.LOCKED);
                        assertThat(e.getMessage()).contains("locked by another process");
                    });
            st.execute("ROLLBACK");
        }
    }

    @Test
    void schemaNewerThanThisJar() throws Exception {
        Files.createDirectories(dir);
        try (Connection c = SqliteStore.connect(dir.resolve(SqliteStore.DB_FILE), options(), false);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (Schema.LATEST + 5));
        }
        assertThatThrownBy(() -> SqliteStore.open(dir, options()))
                .isInstanceOfSatisfying(StoreStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_NEW);
                    assertThat(e.getMessage()).contains("schema version " + (Schema.LATEST + 5)).contains("newer chat.jar");
                });
        SqliteStore.open(dir.resolve("elsewhere"), options()).close(); // the failed open released its lock and files
        assertThatThrownBy(() -> SqliteStore.open(dir, options())).isInstanceOf(StoreStartException.class);
    }

    @Test
    void corruptFile() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SqliteStore.DB_FILE), "this is a text file, not a database. ".repeat(50));
        assertThatThrownBy(() -> SqliteStore.open(dir, options()))
                .isInstanceOfSatisfying(StoreStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
                    assertThat(e.getMessage()).contains("restore a backup");
                });
    }

    @Test
    void stalledWriterFillsTheQueueRaisesBackPressureAndLosesNothingOnceReleased() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FaultHook stall = size -> {
            entered.countDown();
            release.await();
        };
        List<Boolean> signals = new CopyOnWriteArrayList<>();
        MsgIds ids = new MsgIds(0, 0);
        try (SqliteStore s = SqliteStore.open(dir, options().withQueue(100, 16).withFaults(stall, 1))) {
            s.history().onPressure(Await.DIRECT, signals::add);
            assertThat(s.history().append(event("#q", ids.next(System.currentTimeMillis()), "m0"))).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < 100; i++) assertThat(s.history().append(event("#q", ids.next(System.currentTimeMillis()), "m" + i))).isTrue();
            assertThat(s.history().isBehind()).isTrue();
            assertThat(s.history().stats().queued()).isEqualTo(100);
            // Full: refused and counted, never silently dropped.
            assertThat(s.history().append(event("#q", ids.next(System.currentTimeMillis()), "refused"))).isFalse();
            assertThat(s.history().stats().notPersisted()).isEqualTo(1);
            // Queries still answer while the writer is stuck: everything is in memory.
            assertThat(latest(s, "#q", 5)).extracting(StoredEvent::params).containsExactly("m96", "m97", "m98", "m99", "refused");
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 100);
            assertThat(s.history().isBehind()).isFalse();
            assertThat(signals).containsExactly(true, false);
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            List<StoredEvent> all = latest(s, "#q", 1000);
            assertThat(all).hasSize(100);
            assertThat(all.get(99).params()).isEqualTo("m99");
        }
    }

    @Test
    void fullDiskIsRetriedUntilItWritesAgain() throws Exception {
        AtomicInteger failures = new AtomicInteger(3);
        FaultHook diskFull = size -> {
            if (failures.getAndDecrement() > 0) throw new SQLException("database or disk is full", null, 13);
        };
        MsgIds ids = new MsgIds(0, 0);
        try (SqliteStore s = SqliteStore.open(dir, options().withFaults(diskFull, 1))) {
            for (int i = 0; i < 50; i++) s.history().append(event("#d", ids.next(System.currentTimeMillis()), "m" + i));
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 50);
            assertThat(s.history().stats().writeErrors()).isEqualTo(3);
            assertThat(s.history().stats().lastError()).contains("disk is full");
            assertThat(s.history().stats().notPersisted()).isZero();
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            assertThat(latest(s, "#d", 100)).hasSize(50);
        }
    }

    @Test
    void aFailureRetryingCannotCureIsIsolatedToTheItemsThatFail() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        FaultHook once = size -> {
            if (failures.getAndDecrement() > 0) throw new SQLException("constraint failed", null, 19);
        };
        MsgIds ids = new MsgIds(0, 0);
        try (SqliteStore s = SqliteStore.open(dir, options().withFaults(once, 1))) {
            for (int i = 0; i < 20; i++) s.history().append(event("#i", ids.next(System.currentTimeMillis()), "m" + i));
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 20);
            assertThat(s.history().stats().notPersisted()).isZero();
        }
    }

    @Test
    void retentionByAgeAndByCountPerTarget() throws Exception {
        long now = System.currentTimeMillis();
        MsgIds ids = new MsgIds(0, 0);
        try (SqliteStore s = SqliteStore.open(dir, options().withRetention(new Retention(3_600_000, 10)))) {
            for (int i = 0; i < 30; i++) s.history().append(event("#old", ids.next(now - 7_200_000), "old" + i));
            for (int i = 0; i < 30; i++) s.history().append(event("#new", ids.next(now), "new" + i));
            for (int i = 0; i < 5; i++) s.history().append(event("#few", ids.next(now), "few" + i));
            Long removed = Await.result((on, done) -> s.history().purge(on, done));
            // 30 old ones and 20 beyond the count, from the database (the rings dropped their copies too).
            assertThat(removed).isEqualTo(50);
            // The rings answer alone for these now, and say what the database says.
            assertThat(latest(s, "#old", 100)).isEmpty();
            assertThat(latest(s, "#new", 100)).extracting(StoredEvent::params).first().isEqualTo("new20");
            assertThat(latest(s, "#new", 100)).hasSize(10);
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            assertThat(latest(s, "#old", 100)).isEmpty();
            assertThat(latest(s, "#new", 100)).extracting(StoredEvent::params).first().isEqualTo("new20");
            assertThat(latest(s, "#new", 100)).hasSize(10);
            assertThat(latest(s, "#few", 100)).hasSize(5);
        }
    }

    @Test
    void multiRowInsertsKeepEveryRowInOrderAndIgnoreADuplicate() throws Exception {
        MsgIds ids = new MsgIds(0, 0);
        long now = System.currentTimeMillis();
        long[] seqs = new long[150];
        // The first commit stalls, so the next gathers the rest: about 2 x 64 + 16 + 4 + 2 rows, one seq twice.
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        FaultHook stall = n -> go.await(10, TimeUnit.SECONDS);
        try (SqliteStore s = SqliteStore.open(dir, options().withFaults(stall, 1))) {
            for (int i = 0; i < seqs.length; i++) s.history().append(event("#m", seqs[i] = ids.next(now), "m" + i));
            s.history().append(event("#m", seqs[70], "again"));
            go.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 151);
        }
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            List<StoredEvent> got = latest(s, "#m", 1000);
            assertThat(got).extracting(StoredEvent::seq).containsExactly(java.util.Arrays.stream(seqs).boxed().toArray(Long[]::new));
            assertThat(got.get(70).params()).isEqualTo("m70");
        }
    }

    @Test
    void aJobOrTheStopCutsTheWritersLingerShort() throws Exception {
        MsgIds ids = new MsgIds(0, 0);
        long start = System.nanoTime();
        try (SqliteStore s = SqliteStore.open(dir, options().withLinger(60_000_000))) { // a minute
            s.history().append(event("#l", ids.next(System.currentTimeMillis()), "waits for company"));
            Boolean created = Await.result((on, done) -> s.accounts().create("ann", "ann", "password1".toCharArray(), on, done));
            assertThat(created).isTrue();
            assertThat(s.history().stats().persisted()).as("committed with the job").isEqualTo(1);
            s.history().append(event("#l", ids.next(System.currentTimeMillis()), "flushed by close"));
        }
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        try (SqliteStore s = SqliteStore.open(dir, options())) {
            assertThat(latest(s, "#l", 10)).hasSize(2);
        }
    }

    @Test
    void onlineBackupOpensAsAStore() throws Exception {
        MsgIds ids = new MsgIds(0, 0);
        Path copy = dir.resolve("backup").resolve(SqliteStore.DB_FILE);
        Files.createDirectories(copy.getParent());
        try (SqliteStore s = SqliteStore.open(dir.resolve("live"), options())) {
            for (int i = 0; i < 10; i++) s.history().append(event("#b", ids.next(System.currentTimeMillis()), "m" + i));
            await().atMost(10, TimeUnit.SECONDS).until(() -> s.history().stats().persisted() == 10);
            Path made = Await.result((on, done) -> s.backup(copy, on, done));
            assertThat(made).exists();
        }
        try (SqliteStore s = SqliteStore.open(copy.getParent(), options())) {
            assertThat(latest(s, "#b", 100)).hasSize(10);
        }
    }
}

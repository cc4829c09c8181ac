package chatjar.cli;

import chatjar.ChatJar;
import chatjar.server.Storage;
import chatjar.server.history.HistorySettings;
import chatjar.store.sqlite.SqliteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --data-dir, --no-store and the history keys: from the command line or the file; start-up errors are one line and exit 1. */
@Timeout(30)
class StorageSetupTest {
    @TempDir
    Path dir;

    private static ServerCommand parse(String... args) throws Exception {
        ServerCommand cmd = new ServerCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs(args);
        ServerSetup.resolve(cmd, cl.getCommandSpec()); // applies the file's keys to the options
        return cmd;
    }

    @Test
    void theFileNamesTheDataDirectoryAndRetentionAndTheCommandLineWins() throws Exception {
        Path f = dir.resolve("chat.yaml");
        Files.writeString(f, "data-dir: " + dir.resolve("from-file") + "\nhistory-max-age: 30\nhistory-max-lines: 5000\nreplay-lines: 3\n");
        ServerCommand cmd = parse("--config", f.toString(), "--replay-lines", "4");
        assertThat(cmd.dataDir).isEqualTo(dir.resolve("from-file"));
        HistorySettings s = StorageSetup.settings(cmd);
        assertThat(s.retention().maxAgeMillis()).isEqualTo(30L * 86_400_000);
        assertThat(s.retention().maxPerTarget()).isEqualTo(5000);
        assertThat(s.replayPlain()).isEqualTo(4);
        assertThat(s.replayIrc()).isZero();
        try (Storage st = StorageSetup.open(cmd, s)) {
            assertThat(st.backup().file()).isEqualTo(dir.resolve("from-file").resolve("chat.db"));
            assertThat(Files.exists(st.backup().file())).as("created on first start").isTrue();
        }
        try (Storage st = StorageSetup.open(parse("--no-store"), s)) {
            assertThat(st.backup()).isNull();
        }
        assertThat(parse().dataDir).isEqualTo(Path.of("data"));
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneLineAndExit1() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
        List<String> err = run(1, "server", "--port", "0", "--data-dir", file.toString());
        assertThat(err).singleElement().asString()
                .startsWith("cannot create data directory " + file).endsWith("choose another with --data-dir, or run with --no-store");
    }

    @Test
    void aDataDirectoryInUseIsOneLineAndExit1() throws Exception {
        Path data = dir.resolve("data");
        try (Storage running = Storage.open(data, SqliteOptions.defaults())) {
            List<String> err = run(1, "server", "--port", "0", "--data-dir", data.toString());
            assertThat(err).anySatisfy(l -> assertThat(l).startsWith("data directory " + data + " is in use by another chat.jar server"));
        }
    }

    @Test
    void aDatabaseFromANewerJarIsOneLineAndExit1() throws Exception {
        Path data = Files.createDirectories(dir.resolve("newer"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("chat.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        List<String> err = run(1, "server", "--port", "0", "--data-dir", data.toString());
        assertThat(err).anySatisfy(l -> assertThat(l).contains("has schema version 99, newer than this chat.jar understands"));
    }

    @Test
    void badHistoryOptionsAreExit2() {
        assertThat(run(2, "server", "--port", "0", "--no-store", "--replay-lines", "500"))
                .containsExactly("command line: replay-lines: must be 0-50, got 500");
    }

    /** Runs {@code chat.jar args}; returns what it wrote to stderr, line by line (the store's own log lines aside). */
    private static List<String> run(int expectedCode, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ChatJar.commandLine().execute(args);
        } finally {
            System.setErr(old);
        }
        assertThat(code).as("exit code of %s: %s", List.of(args), err).isEqualTo(expectedCode);
        return err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("INFO: Instrumented") && !l.contains("] INFO ") && !l.contains(" INFO chatjar")).toList();
    }

    @Test
    void inClusterModeTheStoreIsTheClustersRedisUnlessLocalIsAsked() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(chatjar.cluster.RedisServer.available(), "redis-server is not installed");
        Path data = dir.resolve("unused");
        HistorySettings s = HistorySettings.defaults();
        try (chatjar.cluster.RedisServer redis = new chatjar.cluster.RedisServer()) {
            ServerCommand cmd = parse("--cluster", redis.uri(), "--node-name", "n", "--data-dir", data.toString());
            try (Storage st = StorageSetup.open(cmd, s, "n")) {
                assertThat(st.history().sharedByNodes()).isTrue();
                assertThat(st.history()).hasToString("Redis at " + redis.uri() + ", shared");
                assertThat(st.accounts()).isNotNull();
                assertThat(st.backup()).isNull();
            }
            assertThat(data).doesNotExist();
            try (Storage st = StorageSetup.open(parse("--cluster", redis.uri(), "--cluster-store", "local",
                    "--data-dir", data.toString()), s, "n")) {
                assertThat(st.history().sharedByNodes()).isFalse();
                assertThat(st.backup().file()).isEqualTo(data.resolve("chat.db"));
            }
        }
    }
}

package chatjar.cli;

import chatjar.ChatJar;
import chatjar.server.Rehash;
import chatjar.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command line over file over defaults, and a reload that sees exactly what a restart would. */
class ServerSetupTest {
    @TempDir
    Path dir;

    private static ServerSetup.Result resolve(String... args) throws ConfigException {
        ServerCommand cmd = new ServerCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs(args);
        return ServerSetup.resolve(cmd, cl.getCommandSpec());
    }

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("chat.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void commandLineBeatsFileBeatsDefaults() throws Exception {
        Path f = file("name: file.name\nport: 7000\nlog-messages: true\nmotd-text: |\n  hi\nlimits:\n  max-per-ip: 3\n  nick-length: 12\n");
        ServerSetup.Result r = resolve("--config", f.toString(), "--name", "cli.name", "--max-per-ip", "5");
        assertThat(r.config().name()).isEqualTo("cli.name");
        assertThat(r.config().network()).isEqualTo("chatjar");
        assertThat(r.config().logMessages()).isTrue();
        assertThat(r.config().motd()).containsExactly("hi");
        assertThat(r.config().limits().maxPerIp()).isEqualTo(5);
        assertThat(r.config().limits().nickLen()).isEqualTo(12);
        assertThat(r.listeners()).containsExactly(new ServerSetup.Listener("127.0.0.1", 7000));
    }

    @Test
    void listenSectionUnlessTheCommandLineGivesAnAddress() throws Exception {
        Path f = file("listen:\n  - port: 7001\n  - bind: 0.0.0.0\n    port: 7002\n");
        assertThat(resolve("--config", f.toString()).listeners())
                .containsExactly(new ServerSetup.Listener("127.0.0.1", 7001), new ServerSetup.Listener("0.0.0.0", 7002));
        assertThat(resolve("--config", f.toString(), "--port", "7003").listeners())
                .containsExactly(new ServerSetup.Listener("127.0.0.1", 7003));
    }

    @Test
    void commandLineLimitsAreCheckedLikeTheFile() {
        assertThatThrownBy(() -> resolve("--flood-rate", "0"))
                .hasMessage("command line: --flood-rate: expected a number above 0 (at most 1000), got 0.0");
        assertThatThrownBy(() -> resolve("--config", file("port: lots\n").toString()))
                .hasMessage(dir.resolve("chat.yaml") + ": port: expected a whole number, got \"lots\"");
        assertThatThrownBy(() -> resolve("--config", file("io: fibres\n").toString()))
                .hasMessage(dir.resolve("chat.yaml") + ": io: expected one of reactor, threads, virtual, got \"fibres\"");
    }

    @Test
    void reloadReadsTheFileAgainAndKeepsCommandLineOverrides() throws Exception {
        Path f = file("limits:\n  max-per-ip: 3\n  sendq: 64k\n");
        CommandLine cl = new CommandLine(new ServerCommand());
        cl.parseArgs("--config", f.toString(), "--sendq", "2048", "--log-messages");
        ServerSetup.Result first = ServerSetup.resolve(cl.getCommand(), cl.getCommandSpec());
        assertThat(first.config().limits().sendqBytes()).isEqualTo(2048);
        Rehash.Loader loader = ServerSetup.reloader(cl.getCommandSpec(), first.listeners());

        Files.writeString(f, "port: 7005\nmotd-text: new\nlimits:\n  max-per-ip: 7\n  sendq: 1m\n");
        Rehash.Result again = loader.load();
        assertThat(again.config().limits().maxPerIp()).isEqualTo(7);
        assertThat(again.config().limits().sendqBytes()).isEqualTo(2048);
        assertThat(again.config().logMessages()).isTrue();
        assertThat(again.config().motd()).containsExactly("new");
        assertThat(again.needsRestart()).containsExactly("listeners");

        Files.writeString(f, "limits:\n  max-per-ip: many\n");
        assertThatThrownBy(loader::load).hasMessageContaining("limits.max-per-ip");
    }

    static final String HASH = chatjar.server.auth.PasswordHash.hash("pw".toCharArray(),
            chatjar.server.auth.PasswordHash.MIN_ITERATIONS);

    @Test
    void accountsComeFromTheFileOrTheCommandLineAndAreReadAgainOnReload() throws Exception {
        Path fromFile = dir.resolve("file-accounts.txt");
        Path fromCli = dir.resolve("cli-accounts.txt");
        Files.writeString(fromFile, "alice " + HASH + "\n");
        Files.writeString(fromCli, "bob " + HASH + "\n");
        Path f = file("accounts: " + fromFile + "\n");
        assertThat(resolve().accounts()).isNull();
        assertThat(resolve("--config", f.toString()).accounts().find("alice")).isNotNull();
        ServerSetup.Result cliWins = resolve("--config", f.toString(), "--accounts", fromCli.toString());
        assertThat(cliWins.accounts().find("bob")).isNotNull();
        assertThat(cliWins.accounts().find("alice")).isNull();

        CommandLine cl = new CommandLine(new ServerCommand());
        cl.parseArgs("--config", f.toString());
        ServerSetup.Result first = ServerSetup.resolve(cl.getCommand(), cl.getCommandSpec());
        Rehash.Loader loader = ServerSetup.reloader(cl.getCommandSpec(), first.listeners());
        Files.writeString(fromFile, "# two now\nalice " + HASH + "\ncarol " + HASH + "\n");
        assertThat(loader.load().accounts().find("carol")).isNotNull();

        Files.writeString(fromFile, "alice " + HASH + "\ncarol\n");
        assertThatThrownBy(loader::load).hasMessage(f + ": accounts: " + fromFile + ":2: expected 'name hash'");
        Files.delete(fromFile);
        assertThatThrownBy(loader::load).hasMessage(f + ": accounts: " + fromFile + ": no such file");
        Files.writeString(f, "name: x\n"); // the key removed from the file: no accounts, sasl is no longer offered
        assertThat(loader.load().accounts()).isNull();
    }

    @Test
    void aMissingAccountsFileExitsWith2AndOneLine() {
        Path missing = dir.resolve("nobody.txt");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ChatJar.commandLine().execute("server", "--accounts", missing.toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: Instrumented")).toList())
                .isEqualTo(List.of("command line: accounts: " + missing + ": no such file"));
    }

    @Test
    void aBadConfigFileExitsWith2AndOneLine() throws Exception {
        Path f = file("limits:\n  bans-per-channel: 0\n");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = ChatJar.commandLine().execute("server", "--config", f.toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        // (Jazzer, when its fuzz tests share this JVM, logs its class instrumentation to stderr too.)
        assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: Instrumented")).toList())
                .isEqualTo(List.of(f + ": limits.bans-per-channel: expected a whole number >= 1, got 0"));
    }

    /** Runs {@code chat.jar args} and returns the exit code and what it wrote to stderr, line by line. */
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
        assertThat(code).as("exit code of %s", List.of(args)).isEqualTo(expectedCode);
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: Instrumented")).toList();
    }

    @Test
    void aBindAddressThatNamesNoHostIsOneLineAndExit2() throws Exception {
        assertThat(run(2, "server", "--bind", "nosuch.invalid", "--port", "0"))
                .containsExactly("command line: bind: cannot resolve nosuch.invalid (give an address such as 127.0.0.1, 0.0.0.0 or ::)");
        Path f = file("listen:\n  - bind: also.invalid\n    port: 0\n");
        assertThat(run(2, "server", "--config", f.toString()))
                .containsExactly(f + ": listen[0].bind: cannot resolve also.invalid (give an address such as 127.0.0.1, 0.0.0.0 or ::)");
    }

    @Test
    void anUnreadableMotdSaysWhy() {
        Path missing = dir.resolve("nonexistent");
        assertThat(run(2, "server", "--motd", missing.toString()))
                .containsExactly("command line: motd: cannot read " + missing + ": no such file");
        assertThat(run(2, "server", "--motd", dir.toString()))
                .containsExactly("command line: motd: cannot read " + dir + ": Is a directory");
    }
}

package chatjar.server.accounts;

import chatjar.store.sqlite.SqliteStore;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * WeeChat end to end: an account registered over IRC into SQLite, then weechat-headless logging in to it with
 * SASL SCRAM-SHA-256 (skipped when WeeChat is not installed, failed in CI as the e2e tests are).
 */
@Timeout(90)
class WeeChatScramTest {
    @Test
    void weechatLogsInWithScramSha256(@TempDir Path dir) throws Exception {
        boolean installed = false;
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            installed |= Files.isExecutable(Path.of(p, "weechat-headless"));
        }
        if (!installed && System.getenv("CI") != null) throw new AssertionError("weechat-headless is not installed");
        Assumptions.assumeTrue(installed, "weechat-headless is not installed");

        try (SqliteStore store = SqliteStore.open(dir.resolve("data"), AccountRegistrationTest.fast());
             AccountsServer s = new AccountsServer(store.accounts())) {
            try (IrcTestClient c = s.register("scrammy")) {
                c.send("REGISTER * * weechat-secret");
                c.expect("REGISTER", "SUCCESS", "scrammy");
            }
            String commands = String.join(";",
                    "/set logger.file.flush_delay 0", "/set logger.file.path " + dir.resolve("logs"),
                    "/server add cj 127.0.0.1/" + s.port, "/set irc.server.cj.nicks weescram",
                    "/set irc.server.cj.username weescram", "/set irc.server.cj.sasl_mechanism scram-sha-256",
                    "/set irc.server.cj.sasl_username scrammy", "/set irc.server.cj.sasl_password weechat-secret",
                    "/set irc.server.cj.sasl_fail disconnect", "/connect cj");
            ProcessBuilder pb = new ProcessBuilder(List.of("weechat-headless", "--dir", dir.resolve("weechat").toString(),
                    "--run-command", commands)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("weechat.out").toFile()).redirectInput(new File("/dev/null"));
            pb.environment().put("HOME", dir.toString());
            Process weechat = pb.start();
            try {
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).until(() -> s.<Boolean>onLoop(x -> {
                    var u = x.users().find("weescram");
                    return u != null && u.registered && "scrammy".equals(u.account);
                }));
                Path log = dir.resolve("logs/irc.server.cj.weechatlog");
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log)
                        && Files.readString(log).contains("SASL authentication successful"));
            } finally {
                weechat.destroy();
                if (!weechat.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) weechat.destroyForcibly();
            }
        }
    }
}

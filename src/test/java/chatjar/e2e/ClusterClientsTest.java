package chatjar.e2e;

import chatjar.cluster.ClusterNode;
import chatjar.cluster.RedisServer;
import chatjar.state.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static chatjar.e2e.RealClientTest.awaitText;
import static chatjar.e2e.RealClientTest.require;
import static chatjar.e2e.RealClientTest.writeFifo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two real clients on two nodes of one network: irssi (in tmux) on node a, weechat-headless on node b, both
 * unmodified Debian packages, over a real redis-server. They meet in a channel and talk there and in private.
 */
@Timeout(120)
class ClusterClientsTest {
    static final String CHANNEL = "#net";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final String socket = "chatjar-e2e-cluster-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final List<Process> processes = new ArrayList<>();
    private RedisServer redis;
    private ClusterNode a, b;

    @Test
    void irssiOnOneNodeAndWeeChatOnAnotherChatInAChannelAndInPrivate() throws IOException {
        require("irssi", "irssi");
        require("tmux", "tmux");
        require("weechat-headless", "weechat-headless");
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        a = new ClusterNode(redis.uri(), "a", 5000);
        b = new ClusterNode(redis.uri(), "b", 5000);

        Path home = dir.resolve("irssi");
        Files.createDirectories(home);
        Files.writeString(home.resolve("config"), """
                servers = ( { address = "127.0.0.1"; chatnet = "cj"; port = "%d"; autoconnect = "yes"; } );
                chatnets = { cj = { type = "IRC"; }; };
                channels = ( { name = "%s"; chatnet = "cj"; autojoin = "yes"; } );
                settings = {
                  core = { real_name = "irssi on a"; user_name = "irs"; nick = "irs"; };
                  "fe-common/core" = { autolog = "yes"; autolog_path = "%s/irclogs/$0.log"; };
                };
                """.formatted(a.port, CHANNEL, dir));
        run(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "irssi", "-x", "200", "-y", "50",
                "irssi --home=" + home));

        Path fifo = dir.resolve("weechat_fifo");
        String commands = String.join(";",
                "/set logger.file.flush_delay 0", "/set logger.file.path " + dir.resolve("weelogs"),
                "/set fifo.file.path " + fifo, "/server add cj 127.0.0.1/" + b.port, "/set irc.server.cj.nicks wee",
                "/set irc.server.cj.username wee", "/set irc.server.cj.autojoin " + CHANNEL, "/connect cj");
        start(List.of("weechat-headless", "--dir", dir.resolve("weechat").toString(), "--run-command", commands),
                dir.resolve("weechat.out"));

        // Both nodes see both users in the channel: the mirror is whole before anyone speaks.
        for (ClusterNode n : List.of(a, b)) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> n.onLoop(s -> {
                Channel ch = s.channels().find(CHANNEL);
                return ch != null && ch.size() == 2 && ch.has(s.users().find("irs")) && ch.has(s.users().find("wee"));
            }));
        }
        Path irssiChannel = dir.resolve("irclogs/" + CHANNEL + ".log");
        Path weeChannel = dir.resolve("weelogs/irc.cj." + CHANNEL + ".weechatlog");
        awaitText(irssiChannel, "Join to " + CHANNEL + " was synced"); // irssi is in, weechat seen in NAMES or JOIN

        type("/msg " + CHANNEL + " hello from irssi on node a");
        awaitText(weeChannel, "\tirs\thello from irssi on node a");
        writeFifo(fifo, "irc.cj." + CHANNEL + " *hello from weechat on node b");
        awaitText(irssiChannel, "wee> hello from weechat on node b"); // "<@wee>": the first to join is op

        type("/msg wee a private word from irssi");
        awaitText(dir.resolve("weelogs/irc.cj.irs.weechatlog"), "\tirs\ta private word from irssi");
        writeFifo(fifo, "irc.server.cj */msg irs a private answer from weechat");
        awaitText(dir.resolve("irclogs/wee.log"), "<wee> a private answer from weechat");
        assertThat(a.network.remoteUsers()).isEqualTo(1);
    }

    private void type(String line) {
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "irssi", "-l", line));
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "irssi", "Enter"));
    }

    private Process start(List<String> command, Path output) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("TMUX");
        try {
            Process p = pb.start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(List<String> command) {
        try {
            Process p = start(command, dir.resolve("cmd.out"));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue(); // tmux has taken >10 s at load 25
            processes.remove(p);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (b != null) run(List.of("tmux", "-L", socket, "kill-server")); // tmux started after the nodes
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }
}

package chatjar.cluster;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** chat.jar server --cluster as a real child process: the start-up failure, and kill -9 of a node. */
@Timeout(30)
class NodeProcessTest {
    static List<String> server(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "chatjar.ChatJar", "server"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void redisUnreachableAtStartIsOneLineAndExitOne() throws Exception {
        int closed = freePort(); // nothing listens there
        Path err = Files.createTempFile("node-err", ".txt");
        Process p = new ProcessBuilder(server("--port", Integer.toString(freePort()), "--cluster",
                "redis://:secret@127.0.0.1:" + closed, "--node-name", "x"))
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertThat(p.waitFor(25, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("cannot reach Redis at redis://***@127.0.0.1:" + closed + " for --cluster");
        Files.deleteIfExists(err);
    }

    @Test
    @Timeout(45) // typically 5 s; a child JVM starting on a loaded two-core machine has taken 20
    void killDashNineOfANodeQuitsItsUsersElsewhereAndFreesTheirNicks() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        long ttl = 1500;
        try (RedisServer redis = new RedisServer(); ClusterNode a = new ClusterNode(redis.uri(), "a", ttl);
             IrcTestClient alice = a.register("alice")) {
            alice.send("JOIN #k");
            alice.expect("366");
            int port = freePort();
            Path log = Files.createTempFile("node-b", ".txt");
            // The cluster options from the config file, as an operator would keep them.
            Path yaml = Files.createTempFile("node-b", ".yaml");
            Files.writeString(yaml, "cluster: " + redis.uri() + "\nnode-name: b\ncluster-timeout: 1.5\n");
            Process b = new ProcessBuilder(server("--port", Integer.toString(port), "--config", yaml.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> accepts(port));
                try (IrcTestClient zed = new IrcTestClient(port)) {
                    zed.register("zed");
                    zed.send("JOIN #k");
                    alice.expectMatch(m -> m.command().equals("JOIN") && m.prefix().startsWith("zed!"), "zed's JOIN");
                    io.lettuce.core.RedisClient rc = io.lettuce.core.RedisClient.create(redis.uri());
                    try (var conn = rc.connect()) { // the file's node name and timeout are the heartbeat's
                        assertThat(conn.sync().pttl("chatjar:alive:b")).isBetween(1L, 1500L);
                    } finally {
                        rc.shutdown();
                    }
                    long killedAt = System.nanoTime();
                    b.destroyForcibly(); // SIGKILL: no QUIT, no goodbye to Redis
                    Message quit = alice.expectMatch(m -> m.command().equals("QUIT") && m.prefix().startsWith("zed!"),
                            "zed's QUIT");
                    assertThat(quit.last()).isEqualTo("*.net *.split");
                    assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(ttl * 4);
                }
                try (IrcTestClient again = a.connect()) {
                    again.send("NICK zed\r\nUSER z 0 * :z");
                    again.expect("001");
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("node b's output: " + Files.readString(log), e);
            } finally {
                b.destroyForcibly();
                b.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(log);
                Files.deleteIfExists(yaml);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}

package chatjar.cli;

import chatjar.ChatJar;
import chatjar.cluster.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code chat.jar account --cluster URI}: the accounts a cluster's nodes share, managed from the command line. */
@Timeout(60)
class AccountClusterTest {
    private RedisServer redis;
    private String output;

    @AfterEach
    void stop() {
        if (redis != null) redis.close();
    }

    private int run(String stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            CommandLine cl = ChatJar.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(out, true));
            int code = cl.execute(args);
            output = out.toString();
            return code;
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void addListAndDeleteInTheSharedStore() {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        redis = new RedisServer();
        String uri = redis.uri();
        assertThat(run("ann-password\n", "account", "add", "Ann", "--cluster", uri)).isZero();
        assertThat(run("", "account", "list", "--cluster", uri)).isZero();
        assertThat(output.strip()).isEqualToIgnoringCase("ann");
        assertThat(run("other-password\n", "account", "add", "ann", "--cluster", uri)).isEqualTo(1);
        assertThat(run("", "account", "del", "ann", "--cluster", uri)).isZero();
        assertThat(run("", "account", "list", "--cluster", uri)).isZero();
        assertThat(output.strip()).isEmpty();
    }

    @Test
    void anUnreachableRedisIsOneLineAndExitTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        assertThat(run("", "account", "list", "--cluster", "redis://127.0.0.1:" + port)).isEqualTo(2);
        assertThat(output.strip()).startsWith("cannot reach Redis at redis://127.0.0.1:" + port).doesNotContain("\n");
    }
}

package chatjar.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The client against a server whose every line the test writes, over a real loopback socket: what our own
 * server never sends (another CASEMAPPING, a name in two spellings) and what it never does (stop reading).
 */
@Timeout(60)
class ScriptedServerTest extends ScriptedPeer {

    /** Connects a client as {@code nick} joining #c, answers its registration with {@code casemapping}. */
    void start(String nick, String casemapping) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(15_000);
        client = new ChatClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), nick, List.of("#c")), screen);
        client.connect();
        client.start();
        peer = listener.accept();
        peer.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        out = peer.getOutputStream();
        assertThat(in.readLine()).isEqualTo("CAP LS 302");
        assertThat(in.readLine()).isEqualTo("NICK " + nick);
        assertThat(in.readLine()).startsWith("USER ");
        // A server from before IRCv3 answers CAP with 421 and registers the client all the same.
        write(":srv 421 * CAP :Unknown command");
        write(":srv 001 " + nick + " :Welcome", ":srv 005 " + nick + " CASEMAPPING=" + casemapping + " CHANTYPES=# :are supported");
        assertThat(in.readLine()).isEqualTo("JOIN #c");
        assertThat(screen.plain()).as("the 421 for CAP is no news to the user").noneMatch(l -> l.contains("CAP"));
    }


    @Test
    void rfc1459NicksDifferingInBracketsAreOnePerson() throws Exception {
        start("ann[1]", "rfc1459");
        write(":ANN{1}!u@h JOIN #C", ":srv 353 ann[1] = #c :@ann[1] b[o]b~ carl", ":srv 366 ann[1] #c :End");
        screen.expect("You joined #C");
        assertThat(client.windows()).as("JOIN #C by ANN{1} is ours").containsExactly("#C");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.membersOf("#c").size() == 3);
        write(":B{O}B^!u@h PART #c :bye");
        screen.expect("B{O}B^ left #c");
        assertThat(client.membersOf("#C")).as("b[o]b~ and B{O}B^ are one nick under rfc1459").containsExactly("ann[1]", "carl");
        write(":CARL!u@h NICK k|ng");
        screen.expect("CARL is now known as k|ng");
        assertThat(client.membersOf("#c")).containsExactly("ann[1]", "k|ng");
        write(":K\\NG!u@h QUIT :gone");
        screen.expect("K\\NG quit");
        assertThat(client.membersOf("#c")).containsExactly("ann[1]");
        write(":x!u@h KICK #c ANN{1} :out");
        screen.expect("You were kicked from #c");
        assertThat(client.windows()).isEmpty();
    }

    @Test
    void asciiMappingKeepsBracketsAndBracesApart() throws Exception {
        start("ann[1]", "ascii");
        write(":ANN[1]!u@h JOIN #c", ":srv 353 ann[1] = #c :@ann[1] b[o]b", ":srv 366 ann[1] #c :End");
        screen.expect("You joined #c");
        write(":b{o}b!u@h JOIN #c");
        screen.expect("b{o}b (u@h) joined #c");
        assertThat(client.membersOf("#c")).containsExactly("ann[1]", "b[o]b", "b{o}b");
        write(":B{O}B!u@h PART #c");
        screen.expect("B{O}B left #c");
        assertThat(client.membersOf("#c")).containsExactly("ann[1]", "b[o]b");
        write(":ann{1}!u@h PRIVMSG ann[1] :not you");
        screen.expect("*ann{1}* not you");
        assertThat(client.windows()).as("under ascii ann{1} is someone else").containsExactly("#c", "ann{1}");
    }

    /**
     * Writes never happen under a lock: while the server reads nothing and the send queue is full, the network
     * thread still shows incoming lines and the screen's questions (current window, members) still answer.
     * When the server reads again, every line arrives, in the order it was sent.
     */
    @Test
    void aServerThatStopsReadingStallsOnlyTheSenderAndLinesKeepTheirOrder() throws Exception {
        start("ann", "rfc1459");
        write(":ann!u@h JOIN #c", ":srv 366 ann #c :End");
        screen.expect("You joined #c");
        int count = 12_000; // ~5 MB: more than the socket buffers and the send queue hold
        String pad = "x".repeat(400);
        Thread typist = new Thread(() -> {
            for (int i = 0; i < count; i++) client.sendRaw("PRIVMSG #c :" + i + " " + pad);
        }, "typist");
        typist.setDaemon(true);
        typist.start();
        // Waiting with a timeout is what a sender does only when the send queue is full.
        await().atMost(Duration.ofSeconds(30)).until(() -> typist.getState() == Thread.State.TIMED_WAITING);
        write(":bob!u@h PRIVMSG #c :still reading", "PING :are-you-there");
        screen.expect("#c <bob> still reading");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(client.current()).isEqualTo("#c");
            assertThat(client.membersOf("#c")).isEmpty();
            assertThat(client.nick()).isEqualTo("ann");
        });
        assertThat(typist.isAlive()).as("the typist waits for the server to read").isTrue();

        int next = 0;
        boolean ponged = false;
        while (next < count) {
            String line = in.readLine();
            assertThat(line).isNotNull();
            if (line.equals("PONG are-you-there")) {
                ponged = true;
                continue;
            }
            assertThat(line).startsWith("PRIVMSG #c :" + next + " ");
            next++;
        }
        typist.join(10_000);
        assertThat(typist.isAlive()).isFalse();
        if (!ponged) assertThat(in.readLine()).isEqualTo("PONG are-you-there");
    }
}

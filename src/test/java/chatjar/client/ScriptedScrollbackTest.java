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

/**
 * The scrollback cursor against a server whose every line the test writes, so the races a real server makes
 * rare happen on cue: a live line before the page that holds it, a live line newer than the page, a full page,
 * and a reconnect that must resume at the right msgid.
 */
@Timeout(60)
class ScriptedScrollbackTest extends ScriptedPeer {
    static final String CAPS = "batch server-time message-tags draft/chathistory echo-message";

    /** Accepts the client's (next) connection and registers it with the history capabilities, up to its JOIN. */
    void accept() throws IOException {
        if (peer != null) peer.close();
        peer = listener.accept();
        peer.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        out = peer.getOutputStream();
        assertThat(in.readLine()).isEqualTo("CAP LS 302");
        assertThat(in.readLine()).isEqualTo("NICK ann");
        assertThat(in.readLine()).startsWith("USER ");
        write(":srv CAP * LS :" + CAPS + " sasl");
        assertThat(in.readLine()).isEqualTo("CAP REQ :" + CAPS);
        write(":srv CAP ann ACK :" + CAPS);
        assertThat(in.readLine()).isEqualTo("CAP END");
        write(":srv 001 ann :Welcome", ":srv 005 ann CHATHISTORY=3 CASEMAPPING=rfc1459 :are supported");
        assertThat(in.readLine()).isEqualTo("JOIN #c");
        write(":ann!u@h JOIN #c");
    }


    static String said(String batch, String msgid, String text) {
        return "@" + (batch == null ? "" : "batch=" + batch + ";") + "time=2026-12-01T10:00:00.000Z;msgid=" + msgid
                + " :bob!u@h PRIVMSG #c :" + text;
    }

    @Test
    void liveLinesWinTheCursorPagesFillGapsAndNothingShowsTwice() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(15_000);
        client = new ChatClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "ann", List.of("#c"))
                .withReconnect(Duration.ofMillis(20), Duration.ofMillis(50)).withScrollback(2), screen);
        client.connect();
        client.start();
        accept();
        // A first join asks for the latest lines, at most what --scrollback and CHATHISTORY= allow.
        assertThat(in.readLine()).isEqualTo("CHATHISTORY LATEST #c * 2");
        // m2 arrives live before the page that also holds it.
        write(said(null, "m2", "two"));
        screen.expect("#c <bob> two");
        write("@time=2026-12-01T10:00:00.000Z :srv BATCH +b1 chathistory #c", said("b1", "m1", "one"), said("b1", "m2", "two"),
                ":srv BATCH -b1");
        Line one = screen.expect("[2026-12-01 ");
        assertThat(one.plain()).endsWith("#c <bob> one");
        screen.expect("End of scrollback of #c (1 line)");
        write(said(null, "m3", "three"));
        screen.expect("#c <bob> three");

        // The connection drops; the client comes back and asks for what followed the last line it showed.
        peer.close();
        accept();
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m3 3");
        // A full page (3 = CHATHISTORY=): there may be more. Meanwhile m9 is said live.
        write(":srv BATCH +b2 chathistory #c", said("b2", "m4", "four"), said("b2", "m5", "five"), said("b2", "m6", "six"),
                ":srv BATCH -b2", said(null, "m9", "nine"));
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m6 3");
        write(":srv BATCH +b3 chathistory #c", said("b3", "m7", "seven"), said("b3", "m8", "eight"), said("b3", "m9", "nine"),
                ":srv BATCH -b3");
        // That page was full too; the next comes back short and ends the catch-up.
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m9 3");
        write(":srv BATCH +b4 chathistory #c", ":srv BATCH -b4");
        screen.expect("End of scrollback of #c (5 lines)");

        peer.close();
        accept();
        assertThat(in.readLine()).as("the cursor is the newest line shown").isEqualTo("CHATHISTORY AFTER #c msgid=m9 3");
        write(":srv BATCH +b5 chathistory #c", ":srv BATCH -b5");
        screen.expect("Nothing missed in #c");

        List<String> shown = screen.plain();
        for (String word : List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")) {
            assertThat(shown).as(word).filteredOn(l -> l.endsWith("<bob> " + word)).hasSize(1);
        }
    }

    @Test
    void aDropInTheMiddleOfACatchUpResumesAfterTheLastPageShown() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(15_000);
        client = new ChatClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "ann", List.of("#c"))
                .withReconnect(Duration.ofMillis(20), Duration.ofMillis(50)), screen);
        client.connect();
        client.start();
        accept();
        assertThat(in.readLine()).isEqualTo("CHATHISTORY LATEST #c * 3");
        write(":srv BATCH +a chathistory #c", said("a", "m1", "one"), ":srv BATCH -a");
        screen.expect("End of scrollback of #c (1 line)");
        peer.close();
        accept();
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m1 3");
        // Live m7 during the catch-up, then a full page, then the connection drops before the next page.
        write(said(null, "m7", "seven"), ":srv BATCH +b chathistory #c", said("b", "m2", "two"), said("b", "m3", "three"),
                said("b", "m4", "four"), ":srv BATCH -b");
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m4 3");
        peer.close();
        accept();
        // Not m7: m5 and m6 were never shown.
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m4 3");
    }

    /** Leaving on purpose forgets the cursor: a later join shows the latest lines, not everything since. */
    @Test
    void aPartThenJoinShowsTheLatestAndAPageThatDoesNotMoveEndsTheCatchUp() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(15_000);
        client = new ChatClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "ann", List.of("#c"))
                .withReconnect(Duration.ofMillis(20), Duration.ofMillis(50)), screen);
        client.connect();
        client.start();
        accept();
        assertThat(in.readLine()).isEqualTo("CHATHISTORY LATEST #c * 3");
        write(":srv BATCH +a chathistory #c", said("a", "m1", "one"), ":srv BATCH -a");
        screen.expect("End of scrollback of #c (1 line)");
        InputCommands input = new InputCommands(client);
        input.handle("/part");
        assertThat(in.readLine()).isEqualTo("PART #c");
        write(":ann!u@h PART #c");
        screen.expect("You left #c");
        input.handle("/join #c");
        assertThat(in.readLine()).isEqualTo("JOIN #c");
        write(":ann!u@h JOIN #c");
        assertThat(in.readLine()).isEqualTo("CHATHISTORY LATEST #c * 3");
        write(":srv BATCH +b chathistory #c", said("b", "m1", "one"), said("b", "m2", "two"), ":srv BATCH -b");
        screen.expect("End of scrollback of #c (1 line)");

        peer.close();
        accept();
        assertThat(in.readLine()).isEqualTo("CHATHISTORY AFTER #c msgid=m2 3");
        // A broken server answering a full page that ends where we asked from: asking again would loop forever.
        write(":srv BATCH +c chathistory #c", said("c", "m0", "zero"), said("c", "m1", "one"), said("c", "m2", "two"),
                ":srv BATCH -c", "PING :after");
        assertThat(in.readLine()).as("no further CHATHISTORY").isEqualTo("PONG after");
    }
}

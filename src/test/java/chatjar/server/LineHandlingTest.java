package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing edge cases over a real socket: long lines, bad bytes, odd line endings, plain mode. */
@Timeout(60)
class LineHandlingTest {
    final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void lineOver512BytesGets417AndConnectionGoesOn() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben")) {
            a.send("JOIN #x");
            b.send("JOIN #x");
            b.expect("366");
            a.send("PRIVMSG #x :" + "y".repeat(600));
            a.expect("417");
            a.send("PRIVMSG #x :short");
            assertThat(b.expect("PRIVMSG", "#x").last()).isEqualTo("short");
        }
    }

    @Test
    void invalidUtf8IsRefusedWithFailNotFatal() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben")) {
            a.send("JOIN #x");
            b.send("JOIN #x");
            b.expect("366");
            byte[] bad = {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'x', ' ', ':', (byte) 0xC3, (byte) 0x28, 'o', 'k', '\r', '\n'};
            a.sendRaw(bad);
            a.expect("FAIL", "PRIVMSG", "INVALID_UTF8"); // UTF8ONLY: refused, not relayed with U+FFFD
            a.send("PRIVMSG #x :fine");
            assertThat(b.expect("PRIVMSG", "#x").last()).isEqualTo("fine");
            assertThat(b.allLines()).noneMatch(l -> l.contains("(ok"));
        }
    }

    @Test
    void loneCrEndsALineAndNulBytesAreHarmless() {
        try (IrcTestClient a = server.register("amy"); IrcTestClient b = server.register("ben")) {
            a.send("JOIN #x");
            b.send("JOIN #x");
            b.expect("366");
            a.sendRaw("PRIVMSG #x :one\rPRIVMSG #x :two\0three\n".getBytes(StandardCharsets.UTF_8));
            assertThat(b.expect("PRIVMSG", "#x").last()).isEqualTo("one");
            assertThat(b.expect("PRIVMSG", "#x").last()).isEqualTo("two three");
            a.sync();
        }
    }

    @Test
    void plainModeOverARawSocket() {
        try (IrcTestClient irc = server.register("ann"); IrcTestClient nc = server.connect()) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            nc.sendRaw("hello from nc\n".getBytes(StandardCharsets.UTF_8));
            Message said = irc.expect("PRIVMSG", "#lobby");
            assertThat(said.last()).isEqualTo("hello from nc");
            String guest = said.sourceNick();
            assertThat(guest).startsWith("guest");
            irc.send("PRIVMSG #lobby :hi " + guest);
            nc.expectText("<ann> hi " + guest);
            nc.sendRaw("/nick tom\n".getBytes(StandardCharsets.UTF_8));
            irc.expect("NICK", "tom");
            nc.sendRaw("/msg ann psst\n".getBytes(StandardCharsets.UTF_8));
            irc.expect("PRIVMSG", "ann", "psst");
            nc.sendRaw("/who\n".getBytes(StandardCharsets.UTF_8));
            assertThat(nc.expectText("In #lobby:")).contains("@ann").contains("tom");
            nc.sendRaw("/join #side\n".getBytes(StandardCharsets.UTF_8));
            nc.expectText("You are now talking in #side");
            nc.sendRaw("/quit bye\n".getBytes(StandardCharsets.UTF_8));
            assertThat(irc.expect("QUIT").last()).isEqualTo("Quit: bye");
            nc.expectClosed();
        }
    }

    @Test
    void tutorialClientWithoutNewlineIsStillHeard() {
        try (IrcTestClient irc = server.register("ann")) {
            irc.send("JOIN #lobby");
            irc.expect("366");
            IrcTestClient raw = server.connect();
            raw.sendRaw("hello,tom".getBytes(StandardCharsets.UTF_8));
            raw.close();
            assertThat(irc.expect("PRIVMSG", "#lobby").last()).isEqualTo("hello,tom");
            irc.expect("QUIT");
        }
    }
}

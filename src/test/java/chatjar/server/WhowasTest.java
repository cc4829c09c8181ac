package chatjar.server;

import chatjar.irc.Message;
import chatjar.server.handlers.WhowasHandler;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** WHOWAS as the Modern IRC documents describe it: newest first, the count argument, 406, 461, a bounded history. */
@Timeout(60)
class WhowasTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Registers {@code nick} with the ident {@code ident}, then quits and waits for the server to close it. */
    private void visit(String nick, String ident) {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK " + nick);
            c.send("USER " + ident + " 0 * :Real " + ident);
            c.expectAny("376", "422");
            c.send("QUIT :bye");
            c.expectClosed();
        }
    }

    /** The users (idents) of the 314 replies up to 369, in order, checking each 314 is followed by a 312. */
    private static List<String> whowasUsers(IrcTestClient c, String nick) {
        List<String> idents = new ArrayList<>();
        while (true) {
            Message m = c.expectAny("314", "312", "369", "406");
            switch (m.command()) {
                case "314" -> {
                    assertThat(m.param(1)).isEqualToIgnoringCase(nick); // the nick as it was, the 369 as asked
                    assertThat(m.params()).containsExactly(c.nick, m.param(1), m.param(2), "127.0.0.1", "*", m.last());
                    idents.add(m.param(2));
                    Message server = c.expect("312");
                    assertThat(server.param(1)).isEqualTo(m.param(1));
                }
                case "369" -> {
                    assertThat(m.param(1)).isEqualTo(nick);
                    return idents;
                }
                default -> { }
            }
        }
    }

    @Test
    void severalEntriesNewestFirstLimitedByCount() {
        visit("ghost", "first");
        visit("ghost", "second");
        try (IrcTestClient a = server.register("asker")) {
            a.send("WHOWAS ghost");
            assertThat(whowasUsers(a, "ghost")).containsExactly("~second", "~first");
            a.send("WHOWAS GHOST 1");
            assertThat(whowasUsers(a, "GHOST")).containsExactly("~second");
            a.send("WHOWAS ghost 2");
            assertThat(whowasUsers(a, "ghost")).containsExactly("~second", "~first");
            a.send("WHOWAS ghost 0");
            assertThat(whowasUsers(a, "ghost")).containsExactly("~second", "~first");
            a.send("WHOWAS ghost -1");
            assertThat(whowasUsers(a, "ghost")).containsExactly("~second", "~first");
        }
    }

    @Test
    void nickChangeIsRememberedUnknownNickIs406AndNoNickIs461() {
        try (IrcTestClient a = server.register("asker"); IrcTestClient b = server.register("before")) {
            b.send("NICK after");
            b.expect("NICK", "after");
            a.send("WHOWAS before");
            Message user = a.expect("314", "asker", "before");
            assertThat(user.param(2)).isEqualTo("~before");
            assertThat(user.last()).isEqualTo("Test before");
            a.expect("312", "asker", "before", server.server.config().name());
            a.expect("369", "asker", "before");
            a.send("WHOWAS nobody");
            a.expect("406", "asker", "nobody");
            a.expect("369", "asker", "nobody");
            a.send("WHOWAS");
            a.expect("461", "asker", "WHOWAS");
        }
    }

    @Test
    void historyIsBounded() {
        WhowasHandler w = new WhowasHandler(null, "x");
        chatjar.state.Client c = new chatjar.state.Client("h", 0);
        new chatjar.state.Users().rename(c, "n");
        c.registered = true;
        for (int i = 0; i < WhowasHandler.CAPACITY * 3; i++) w.remember(c);
        assertThat(w.size()).isEqualTo(WhowasHandler.CAPACITY);
    }
}

package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RegistrationTest {
    TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void welcomeBurstHasIsupportLusersAndMotdState() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK ann").send("USER ann 0 * :Ann Example");
            assertThat(c.expect("001", "ann").last()).contains("ann!~ann@127.0.0.1");
            c.expect("002");
            c.expect("003");
            c.expect("004", "ann", "chat.local");
            c.expect("005");
            c.expect("251");
            List<String> isupport = new ArrayList<>(); // over every 005 line: tokens spread past the 13 a line holds
            for (String line : c.allLines()) {
                Message m = Message.parse(line);
                if (m != null && m.command().equals("005")) isupport.addAll(m.params());
            }
            assertThat(isupport).contains("CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(ov)@+");
            c.expect("255");
            c.expect("265");
            c.expect("266");
            c.expectAny("376", "422");
        }
    }

    @Test
    void capNegotiationEndsAndRegistrationWaitsForCapEnd() {
        try (IrcTestClient c = server.connect()) {
            c.send("CAP LS 302").send("NICK bob").send("USER bob 0 * :Bob");
            c.expect("CAP", "*", "LS");
            c.send("CAP REQ :no-such-cap");
            c.expect("CAP", "*", "NAK");
            c.sync();
            assertThat(c.allLines()).noneMatch(l -> l.contains(" 001 "));
            c.send("CAP END");
            c.expect("001", "bob");
        }
    }

    @Test
    void nickCollisionAndErroneousNick() {
        try (IrcTestClient a = server.register("alice"); IrcTestClient b = server.connect()) {
            b.send("NICK ALICE");
            b.expect("433", "*", "ALICE");
            b.send("NICK 9lives");
            b.expect("432", "*", "9lives");
            b.send("NICK");
            b.expect("431");
            b.send("NICK alice2").send("USER x 0 * :x");
            b.expect("001", "alice2");
        }
    }

    @Test
    void commandsBeforeRegistrationGet451AndUnknownGet421() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK early");
            c.send("JOIN #x");
            c.expect("451");
            c.send("USER e 0 * :E");
            c.expect("001");
            c.send("FROBNICATE now");
            c.expect("421", "early", "FROBNICATE");
            c.send("USER again 0 * :x");
            c.expect("462");
        }
    }

    @Test
    void serverPasswordIsRequiredWhenConfigured() {
        server.close();
        server = new TestServer(ServerConfig.defaults().withPassword("s3cret"));
        try (IrcTestClient bad = server.connect(); IrcTestClient good = server.connect()) {
            bad.send("PASS wrong").send("NICK bad").send("USER b 0 * :b");
            bad.expect("464");
            bad.expect("ERROR");
            bad.expectClosed();
            good.send("PASS s3cret").send("NICK good").send("USER g 0 * :g");
            good.expect("001", "good");
        }
    }

    @Test
    void pingIsAnsweredAndQuitClosesWithError() {
        try (IrcTestClient c = server.register("pinger")) {
            c.send("PING :abc 123");
            assertThat(c.expect("PONG").last()).isEqualTo("abc 123");
            c.send("QUIT :bye now");
            assertThat(c.expect("ERROR").last()).contains("Quit: bye now");
            c.expectClosed();
        }
    }

    @Test
    void silentClientIsPingedThenDropped() {
        server.close();
        server = new TestServer(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withTimeouts(1, 1, 60)));
        try (IrcTestClient quiet = server.register("quiet"); IrcTestClient peer = server.register("peer")) {
            quiet.send("JOIN #room");
            peer.send("JOIN #room");
            quiet.expect("PING");
            peer.expect("PING");
            peer.send("PONG :chat.local");
            assertThat(quiet.expect("ERROR").last()).contains("Ping timeout");
            quiet.expectClosed();
            peer.expectMatch(m -> m.command().equals("QUIT") && m.last().contains("Ping timeout"), "QUIT (Ping timeout)");
        }
    }

    @Test
    void unregisteredConnectionTimesOut() {
        server.close();
        server = new TestServer(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().withTimeouts(60, 60, 1)));
        try (IrcTestClient c = server.connect()) {
            c.send("NICK half");
            assertThat(c.expect("ERROR").last()).contains("Registration timed out");
            c.expectClosed();
        }
    }
}

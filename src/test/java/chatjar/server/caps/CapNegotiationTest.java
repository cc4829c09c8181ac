package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class CapNegotiationTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void ls302OffersCapsAndRegistrationWaitsForCapEnd() {
        try (IrcTestClient c = server.connect()) {
            c.send("CAP LS 302");
            c.send("NICK alice");
            c.send("USER alice 0 * :Alice");
            Message ls = c.expect("CAP", "*", "LS");
            List<String> offered = Arrays.asList(ls.last().split(" "));
            assertThat(offered).contains("server-time", "message-tags", "echo-message", "batch", "labeled-response",
                    "multi-prefix", "cap-notify").doesNotContain("sasl"); // no accounts configured
            c.sync();
            assertThat(c.unread()).noneMatch(l -> l.contains(" 001 "));
            c.send("CAP REQ :server-time multi-prefix");
            c.expect("CAP", "*", "ACK", "server-time multi-prefix");
            c.send("CAP LIST");
            Message list = c.expect("CAP", "*", "LIST");
            assertThat(list.last().split(" ")).containsExactlyInAnyOrder("cap-notify", "multi-prefix", "server-time");
            c.send("CAP END");
            Message welcome = c.expect("001");
            assertThat(welcome.tags()).containsKey("time");
            assertThat(welcome.tags().get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
    }

    @Test
    void unknownCapNaksTheWholeRequest() {
        try (IrcTestClient c = server.connect()) {
            c.send("CAP LS");
            c.expect("CAP", "*", "LS");
            c.send("CAP REQ :server-time bogus-cap");
            c.expect("CAP", "*", "NAK", "server-time bogus-cap");
            c.send("CAP REQ :-cap-notify");
            c.expect("CAP", "*", "ACK", "-cap-notify"); // without 302 cap-notify may be switched off
            c.send("CAP LIST");
            assertThat(c.expect("CAP", "*", "LIST").last()).isEmpty();
            c.send("CAP FROB");
            c.expect("410", "*", "FROB");
        }
    }

    @Test
    void capsCanChangeAfterRegistration() {
        try (IrcTestClient c = server.register("bob")) {
            c.send("CAP REQ :echo-message");
            c.expect("CAP", "bob", "ACK", "echo-message");
            c.send("CAP REQ :-echo-message");
            c.expect("CAP", "bob", "ACK", "-echo-message");
            c.send("CAP END"); // harmless once registered
            c.sync();
            assertThat(c.unread()).noneMatch(l -> l.contains(" 001 "));
        }
    }

    @Test
    void longLs302ReplyIsSplitWithContinuationMarker() {
        // The list fits one line today; this pins that every line stays under the 512-byte limit either way.
        try (IrcTestClient c = server.connect()) {
            c.send("CAP LS 302");
            Message last = c.expectMatch(m -> m.command().equals("CAP") && !"*".equals(m.param(2)), "final LS line");
            assertThat(c.allLines()).allMatch(l -> l.length() < 510);
            assertThat(last.param(1)).isEqualTo("LS");
        }
    }
}

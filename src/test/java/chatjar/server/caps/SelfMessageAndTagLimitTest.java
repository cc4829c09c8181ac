package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** labeled-response with echo-message on messages to oneself, and the message-tags size limit on TAGMSG. */
@Timeout(60)
class SelfMessageAndTagLimitTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLabelledMessageToOneselfComesBackTwiceOnceLabelled() {
        try (IrcTestClient me = CapClients.register(server, "narcissus", "batch echo-message labeled-response message-tags")) {
            for (String verb : List.of("PRIVMSG", "NOTICE", "TAGMSG")) {
                String label = "l" + verb;
                me.send("@label=" + label + ";+draft/react=x " + verb + " narcissus" + (verb.equals("TAGMSG") ? "" : " :hi"));
                Message first = me.expect(verb, "narcissus");
                Message second = me.expect(verb, "narcissus");
                // One is the delivery (unlabelled), the other the echo answering the command (labelled).
                assertThat(List.of(String.valueOf(first.tags().get("label")), String.valueOf(second.tags().get("label"))))
                        .containsExactlyInAnyOrder(label, "null");
                me.sync();
                assertThat(me.unread()).noneMatch(l -> l.contains(" " + verb + " "));
            }
        }
    }

    @Test
    void withoutEchoMessageTheDeliveryIsTheLabelledReply() {
        try (IrcTestClient me = CapClients.register(server, "solo", "batch labeled-response")) {
            me.send("@label=one PRIVMSG solo :hi");
            assertThat(me.expect("PRIVMSG", "solo").tags()).containsEntry("label", "one");
            me.sync();
            assertThat(me.unread()).noneMatch(l -> l.contains(" PRIVMSG "));
        }
    }

    @Test
    void tagDataOver4094BytesIs417OnTagmsgToo() {
        try (IrcTestClient a = CapClients.register(server, "bar", "message-tags");
             IrcTestClient b = CapClients.register(server, "qux", "message-tags")) {
            // "foo=bar;+baz=" is 13 bytes: 4081 more make exactly 4094 bytes of tag data, the most allowed.
            a.send("@foo=bar;+baz=" + "a".repeat(4081) + " TAGMSG qux");
            assertThat(b.expect("TAGMSG", "qux").tags().get("+baz")).hasSize(4081);
            a.send("@foo=bar;+baz=" + "a".repeat(4082) + " TAGMSG qux");
            a.expect("417", "bar");
            a.send("@foo=bar;+baz=" + "a".repeat(4082) + " PRIVMSG qux :hi");
            a.expect("417", "bar");
            b.sync();
            assertThat(b.unread()).noneMatch(l -> l.contains("TAGMSG") || l.contains("PRIVMSG"));
        }
    }
}

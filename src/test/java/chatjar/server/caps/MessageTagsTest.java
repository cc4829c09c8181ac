package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class MessageTagsTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void relayedMessagesCarryMsgidTimeAndClientTagsOnlyForThoseWhoAsked() {
        try (IrcTestClient tagged = CapClients.register(server, "tagged", "message-tags server-time");
             IrcTestClient old = server.register("old");
             IrcTestClient sender = CapClients.register(server, "sender", "message-tags")) {
            for (IrcTestClient c : new IrcTestClient[]{tagged, old, sender}) {
                c.send("JOIN #t");
                c.expect("366");
            }
            sender.send("@+example.com/x=a\\sb\\:c\\\\d;+flag;secret=1 PRIVMSG #t :hello");
            Message m = tagged.expect("PRIVMSG", "#t", "hello");
            assertThat(m.tags()).containsKeys("msgid", "time").containsEntry("+example.com/x", "a b;c\\d")
                    .containsEntry("+flag", "").doesNotContainKey("secret");
            String raw = old.expectText("PRIVMSG #t :hello");
            assertThat(raw).startsWith(":sender!");

            sender.send("@+typing=active TAGMSG #t");
            Message tm = tagged.expect("TAGMSG", "#t");
            assertThat(tm.tags()).containsEntry("+typing", "active").containsKey("msgid");
            old.sync();
            assertThat(old.unread()).noneMatch(l -> l.contains("TAGMSG"));
        }
    }

    @Test
    void echoMessageReturnsTheSameMsgidToTheSender() {
        try (IrcTestClient a = CapClients.register(server, "echoer", "echo-message message-tags");
             IrcTestClient b = CapClients.register(server, "peer", "message-tags")) {
            a.send("PRIVMSG peer :hi there");
            Message got = b.expect("PRIVMSG", "peer", "hi there");
            Message echo = a.expect("PRIVMSG", "peer", "hi there");
            assertThat(echo.prefix()).startsWith("echoer!");
            assertThat(echo.tags().get("msgid")).isNotNull().isEqualTo(got.tags().get("msgid"));
        }
    }

    @Test
    void oversizeTagsGet417AndTheConnectionStays() {
        try (IrcTestClient c = CapClients.register(server, "big", "message-tags")) {
            String tags = "@+x=" + "a".repeat(8200);
            c.send(tags + " PRIVMSG big :x");
            c.expect("417");
            String clientTags = "@+x=" + "a".repeat(4200);
            c.send(clientTags + " PRIVMSG big :y");
            c.expect("417");
            c.sync();
        }
    }

    @Test
    void multiPrefixAndUserhostInNames() {
        try (IrcTestClient op = server.register("op");
             IrcTestClient multi = CapClients.register(server, "multi", "multi-prefix userhost-in-names")) {
            op.send("JOIN #m");
            op.expect("366");
            op.send("MODE #m +v op");
            op.expect("MODE");
            multi.send("NAMES #m");
            Message names = multi.expect("353", "multi", "=", "#m");
            assertThat(names.last()).isEqualTo("@+op!~op@127.0.0.1");
            op.send("NAMES #m");
            assertThat(op.expect("353", "op", "=", "#m").last()).isEqualTo("@op");
        }
    }

    @Test
    void labeledResponseWrapsOneManyOrNoReplies() {
        try (IrcTestClient c = CapClients.register(server, "lab", "labeled-response batch")) {
            c.send("@label=one PING x");
            Message pong = c.expect("PONG");
            assertThat(pong.tags()).containsEntry("label", "one");

            c.send("JOIN #lab");
            c.expect("366");
            c.send("@label=many NAMES #lab");
            Message start = c.expect("BATCH");
            assertThat(start.tags()).containsEntry("label", "many");
            String ref = start.param(0).substring(1);
            assertThat(start.param(1)).isEqualTo("labeled-response");
            assertThat(c.expect("353").tags()).containsEntry("batch", ref);
            assertThat(c.expect("366").tags()).containsEntry("batch", ref);
            c.expect("BATCH", "-" + ref);

            c.send("@label=none PONG x");
            Message ack = c.expect("ACK");
            assertThat(ack.tags()).containsEntry("label", "none");

            c.send("@label=err FROBNICATE");
            assertThat(c.expect("421").tags()).containsEntry("label", "err");

            c.send("@label=bye QUIT :done");
            c.expect("ERROR");
            c.expectClosed();
        }
    }

    @Test
    void labelsAreIgnoredWithoutTheCap() {
        try (IrcTestClient c = server.register("plainlab")) {
            c.send("@label=zzz PING x");
            c.expect("PONG");
            assertThat(c.allLines()).noneMatch(l -> l.contains("label="));
        }
    }

    @Test
    void fanOutEncodesOncePerVariant() {
        Outgoing o = new Outgoing(":a!b@c PRIVMSG #x :hi", "2026-01-01T00:00:00.000Z", "m1", null, false, null, null, 0);
        long tags = Cap.MESSAGE_TAGS.bit | Cap.SERVER_TIME.bit;
        byte[] first = o.bytesFor(tags);
        assertThat(o.bytesFor(tags | Cap.MULTI_PREFIX.bit)).isSameAs(first); // irrelevant caps share a variant
        assertThat(o.bytesFor(0)).isNotSameAs(first).isSameAs(o.bytesFor(Cap.ECHO_MESSAGE.bit));
        assertThat(new String(first)).isEqualTo("@time=2026-01-01T00:00:00.000Z;msgid=m1 :a!b@c PRIVMSG #x :hi\r\n");

        Outgoing toThousand = new Outgoing(":a!b@c PRIVMSG #x :hi", "t", "m2", null, false, null, null, 0);
        for (int i = 0; i < 1000; i++) toThousand.bytesFor(i % 2 == 0 ? tags : Cap.MULTI_PREFIX.bit);
        assertThat(toThousand.builds).isEqualTo(2);
    }
}

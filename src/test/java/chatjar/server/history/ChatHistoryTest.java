package chatjar.server.history;

import chatjar.irc.Message;
import chatjar.server.history.Batches.Batch;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static chatjar.server.history.Batches.history;
import static org.assertj.core.api.Assertions.assertThat;

/** CHATHISTORY over real sockets against a real SQLite file: every subcommand, every error, restarts, paging. */
@Timeout(60)
class ChatHistoryTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    private HistoryServer server() throws Exception {
        HistoryServer s = HistoryServer.onDisk(dir);
        open.add(s);
        return s;
    }

    private IrcTestClient client(HistoryServer s, String nick, String account, String extraCaps) {
        IrcTestClient c = s.client(nick, account, extraCaps);
        open.add(0, c);
        return c;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private static void join(IrcTestClient c, String channel) {
        c.send("JOIN " + channel);
        c.expect("366");
    }

    /** bob says each text in #h; alice (a member) records the msgids as delivered live. */
    private static List<String> say(IrcTestClient bob, IrcTestClient alice, String... texts) {
        StringBuilder burst = new StringBuilder();
        for (String t : texts) burst.append("PRIVMSG #h :").append(t).append("\r\n");
        bob.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        for (String t : texts) ids.add(alice.expect("PRIVMSG", "#h", t).tags().get("msgid"));
        return ids;
    }

    @Test
    void aRestartKeepsHistoryWithTheSameMsgidsInTheSameOrder() throws Exception {
        List<String> live;
        try (HistoryServer s = HistoryServer.onDisk(dir);
             IrcTestClient alice = s.client("alice", null, null);
             IrcTestClient bob = s.client("bob", null, null)) {
            join(alice, "#h");
            join(bob, "#h");
            live = say(bob, alice, "one", "two", "three");
        }
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, null);
        join(alice, "#h");
        Batch h = history(alice, "CHATHISTORY LATEST #h * 10");
        assertThat(h.open().param(2)).isEqualTo("#h");
        assertThat(h.msgids()).containsExactlyElementsOf(live);
        assertThat(h.texts()).containsExactly("one", "two", "three");
        assertThat(h.lines()).allSatisfy(m -> {
            assertThat(m.command()).isEqualTo("PRIVMSG");
            assertThat(m.prefix()).startsWith("bob!");
            assertThat(m.tags()).containsKey("time");
        });
        // New messages sort after the old ones: the generator starts above what the store kept.
        IrcTestClient bob = client(s, "bob", null, null);
        join(bob, "#h");
        String next = say(bob, alice, "four").get(0);
        assertThat(next).isGreaterThan(live.get(2));
        assertThat(history(alice, "CHATHISTORY LATEST #h * 2").msgids()).containsExactly(live.get(2), next);
    }

    @Test
    void everySubcommandAnswersWhatTheSpecificationSays() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, null);
        IrcTestClient bob = client(s, "bob", null, null);
        join(alice, "#h");
        join(bob, "#h");
        List<String> m = say(bob, alice, "m1", "m2", "m3", "m4", "m5");
        assertThat(history(alice, "CHATHISTORY LATEST #h * 3").texts()).containsExactly("m3", "m4", "m5");
        assertThat(history(alice, "CHATHISTORY LATEST #h msgid=" + m.get(2) + " 10").texts()).containsExactly("m4", "m5");
        assertThat(history(alice, "CHATHISTORY BEFORE #h msgid=" + m.get(4) + " 2").texts()).containsExactly("m3", "m4");
        assertThat(history(alice, "CHATHISTORY AFTER #h msgid=" + m.get(0) + " 2").texts()).containsExactly("m2", "m3");
        assertThat(history(alice, "CHATHISTORY AROUND #h msgid=" + m.get(2) + " 3").texts()).containsExactly("m2", "m3", "m4");
        assertThat(history(alice, "CHATHISTORY BETWEEN #h msgid=" + m.get(0) + " msgid=" + m.get(4) + " 10").texts())
                .containsExactly("m2", "m3", "m4");
        assertThat(history(alice, "CHATHISTORY BETWEEN #h msgid=" + m.get(4) + " msgid=" + m.get(0) + " 2").texts())
                .as("backwards: the newest two before the first reference").containsExactly("m3", "m4");
        // Timestamps: everything after a time before the first message, nothing before it.
        String before = "timestamp=" + Instant.now().minusSeconds(3600);
        String after = "timestamp=" + Instant.now().plusSeconds(3600);
        assertThat(history(alice, "CHATHISTORY AFTER #h " + before + " 10").texts()).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(history(alice, "CHATHISTORY BEFORE #h " + before + " 10").lines()).isEmpty();
        assertThat(history(alice, "CHATHISTORY BETWEEN #h " + before + " " + after + " 2").texts()).containsExactly("m1", "m2");
        // A limit above CHATHISTORY=100 is cut to it rather than refused.
        assertThat(history(alice, "CHATHISTORY LATEST #h * 1000").texts()).hasSize(5);

        alice.send("CHATHISTORY TARGETS " + before + " " + after + " 10");
        Batch targets = Batches.next(alice, "draft/chathistory-targets");
        assertThat(targets.lines()).singleElement().satisfies(t -> {
            assertThat(t.command()).isEqualTo("CHATHISTORY");
            assertThat(t.params()).startsWith("TARGETS", "#h");
            assertThat(Instant.parse(t.param(2))).isBetween(Instant.now().minusSeconds(60), Instant.now());
        });
    }

    @Test
    void errorsAreTheStandardReplies() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, null);
        join(alice, "#h");
        expectFail(alice, "CHATHISTORY", "NEED_MORE_PARAMS", "*");
        expectFail(alice, "CHATHISTORY FROBNICATE #h * 10", "INVALID_PARAMS", "FROBNICATE");
        expectFail(alice, "CHATHISTORY LATEST #h *", "NEED_MORE_PARAMS", "LATEST");
        expectFail(alice, "CHATHISTORY BETWEEN #h * 10", "NEED_MORE_PARAMS", "BETWEEN");
        expectFail(alice, "CHATHISTORY LATEST #h * lots", "INVALID_PARAMS", "LATEST", "lots");
        expectFail(alice, "CHATHISTORY LATEST #h * 0", "INVALID_PARAMS", "LATEST", "0");
        expectFail(alice, "CHATHISTORY BEFORE #h * 10", "INVALID_PARAMS", "BEFORE", "*");
        expectFail(alice, "CHATHISTORY BEFORE #h timestamp=yesterday 10", "INVALID_PARAMS", "BEFORE", "timestamp=yesterday");
        expectFail(alice, "CHATHISTORY BEFORE #h msgid=notours 10", "INVALID_PARAMS", "BEFORE", "msgid=notours");
        expectFail(alice, "CHATHISTORY BEFORE #h seq=5 10", "INVALID_MSGREFTYPE", "BEFORE", "seq");
        expectFail(alice, "CHATHISTORY TARGETS msgid=0cpwwtbc20000 timestamp=2026-01-01T00:00:00.000Z 10", "INVALID_PARAMS", "TARGETS");
        expectFail(alice, "CHATHISTORY LATEST #elsewhere * 10", "INVALID_TARGET", "LATEST", "#elsewhere");
        alice.send("PART #h");
        alice.expect("PART", "#h");
        expectFail(alice, "CHATHISTORY LATEST #h * 10", "INVALID_TARGET", "LATEST", "#h");
    }

    private static void expectFail(IrcTestClient c, String command, String code, String... context) {
        c.send(command);
        Message fail = c.expect("FAIL", "CHATHISTORY", code);
        for (int i = 0; i < context.length; i++) assertThat(fail.param(2 + i)).as(command).isEqualTo(context[i]);
        assertThat(fail.paramCount()).as(command).isGreaterThanOrEqualTo(3 + context.length);
    }

    @Test
    void pagingBackByMsgidThroughEqualTimestampsMissesNothingAndRepeatsNothing() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, null);
        IrcTestClient bob = client(s, "bob", null, null);
        join(alice, "#h");
        join(bob, "#h");
        String[] texts = new String[300];
        for (int i = 0; i < texts.length; i++) texts[i] = "n" + i;
        List<String> live = say(bob, alice, texts);

        List<String> paged = new ArrayList<>();
        Batch page = history(alice, "CHATHISTORY LATEST #h * 7");
        List<String> times = new ArrayList<>();
        while (!page.lines().isEmpty()) {
            List<String> ids = new ArrayList<>(page.msgids());
            page.lines().forEach(l -> times.add(l.tags().get("time")));
            Collections.reverse(ids);
            paged.addAll(ids);
            page = history(alice, "CHATHISTORY BEFORE #h msgid=" + page.msgids().get(0) + " 7");
        }
        Collections.reverse(paged);
        assertThat(paged).containsExactlyElementsOf(live);
        assertThat(times.stream().distinct().count()).as("some messages share a millisecond").isLessThan(live.size());

        // And forwards with AFTER.
        List<String> forward = new ArrayList<>();
        page = history(alice, "CHATHISTORY AFTER #h timestamp=" + Instant.now().minusSeconds(3600) + " 11");
        while (!page.lines().isEmpty()) {
            forward.addAll(page.msgids());
            page = history(alice, "CHATHISTORY AFTER #h msgid=" + page.msgids().get(page.lines().size() - 1) + " 11");
        }
        assertThat(forward).containsExactlyElementsOf(live);
    }

    @Test
    void directMessagesAreReadOnlyByTheTwoAccountsInThem() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", "alice", null);
        IrcTestClient bob = client(s, "bob", "bob", null);
        IrcTestClient carol = client(s, "carol", "carol", null);
        IrcTestClient guest = client(s, "guest", null, null);
        alice.send("PRIVMSG bob :secret");
        bob.expect("PRIVMSG", "bob", "secret");
        bob.send("PRIVMSG alice :reply");
        alice.expect("PRIVMSG", "alice", "reply");
        guest.send("PRIVMSG alice :from a guest");
        alice.expect("PRIVMSG", "alice", "from a guest");

        Batch forBob = history(bob, "CHATHISTORY LATEST alice * 10");
        assertThat(forBob.texts()).containsExactly("secret", "reply");
        assertThat(forBob.lines().get(0).prefix()).startsWith("alice!");
        assertThat(forBob.lines().get(0).param(0)).isEqualTo("bob");
        assertThat(history(alice, "CHATHISTORY LATEST bob * 10").texts()).containsExactly("secret", "reply");
        assertThat(history(carol, "CHATHISTORY LATEST alice * 10").lines()).isEmpty();
        assertThat(history(carol, "CHATHISTORY LATEST bob * 10").lines()).isEmpty();
        assertThat(history(guest, "CHATHISTORY LATEST alice * 10").lines()).isEmpty();
        assertThat(history(alice, "CHATHISTORY LATEST guest * 10").lines()).as("a guest's messages are not kept").isEmpty();

        String from = "timestamp=" + Instant.now().minusSeconds(3600), to = "timestamp=" + Instant.now().plusSeconds(60);
        bob.send("CHATHISTORY TARGETS " + from + " " + to + " 10");
        assertThat(Batches.next(bob, "draft/chathistory-targets").lines()).singleElement()
                .satisfies(t -> assertThat(t.param(1)).isEqualTo("alice"));
        carol.send("CHATHISTORY TARGETS " + from + " " + to + " 10");
        assertThat(Batches.next(carol, "draft/chathistory-targets").lines()).isEmpty();
    }

    @Test
    void eventPlaybackAddsJoinsPartsAndTopicsOnlyForThoseWhoAskedForIt() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, "draft/event-playback");
        IrcTestClient bob = client(s, "bob", null, null);
        join(alice, "#h");
        join(bob, "#h");
        alice.send("TOPIC #h :a topic");
        bob.expect("TOPIC", "#h");
        List<String> said = say(bob, alice, "hello");
        bob.send("NICK robert");
        alice.expect("NICK");

        Batch all = history(alice, "CHATHISTORY LATEST #h * 10");
        assertThat(all.lines()).extracting(Message::command).containsExactly("JOIN", "JOIN", "TOPIC", "PRIVMSG", "NICK");
        assertThat(all.lines().get(3).tags()).containsEntry("msgid", said.get(0));
        assertThat(all.lines().get(4).prefix()).startsWith("bob!");
        assertThat(all.lines().get(4).last()).isEqualTo("robert");
        assertThat(history(bob, "CHATHISTORY LATEST #h * 10").lines()).extracting(Message::command).containsExactly("PRIVMSG");
    }

    @Test
    void aLabeledRequestGetsItsLabelOnTheBatchAndNoAck() throws Exception {
        HistoryServer s = server();
        IrcTestClient alice = client(s, "alice", null, "labeled-response");
        join(alice, "#h");
        alice.send("@label=q1 CHATHISTORY LATEST #h * 10");
        Batch b = Batches.next(alice, "chathistory");
        assertThat(b.open().tags()).containsEntry("label", "q1");
        alice.send("@label=q2 CHATHISTORY LATEST #nowhere * 10");
        assertThat(alice.expect("FAIL", "CHATHISTORY", "INVALID_TARGET").tags()).containsEntry("label", "q2");
        alice.sync();
        assertThat(alice.allLines()).noneMatch(l -> l.endsWith(" ACK"));
    }
}

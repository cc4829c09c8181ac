package chatjar.server.history;

import chatjar.ChatJar;
import chatjar.cluster.RedisServer;
import chatjar.server.ServerConfig;
import chatjar.server.Storage;
import chatjar.server.auth.PasswordHash;
import chatjar.store.memory.MemoryAccountStore;
import chatjar.store.redis.RedisStore;
import chatjar.store.scram.Scram;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static chatjar.server.history.Batches.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14's privacy rule for dropped accounts, over real sockets and real stores: dana and eve talk by direct
 * message, dana's account is dropped (NickServ DROP, SADROP or {@code chat.jar account del}), someone else
 * registers the name "dana", and CHATHISTORY shows the old conversation to nobody.
 */
@Timeout(60)
class DroppedAccountHistoryTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private String output;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) c.close();
        open.clear();
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(0, c); // closed in reverse order: clients, then servers, then stores
        return c;
    }

    /** A client that registers {@code nick} as an account with NickServ and is logged in to it. */
    private IrcTestClient registered(HistoryServer s, String nick, String password) {
        IrcTestClient c = opened(s.client(nick, null, null));
        c.send("PRIVMSG NickServ :REGISTER " + password);
        c.expect("900", nick);
        return c;
    }

    /** dana and eve exchange two direct messages, stored (eve reads them back); returns {dana, eve}. */
    private IrcTestClient[] converse(HistoryServer s) {
        IrcTestClient dana = registered(s, "dana", "dana-pass-1");
        IrcTestClient eve = registered(s, "eve", "eve-pass-1");
        dana.send("PRIVMSG eve :old secret");
        eve.expect("PRIVMSG", "eve", "old secret");
        eve.send("PRIVMSG dana :old reply");
        dana.expect("PRIVMSG", "dana", "old reply");
        assertThat(history(eve, "CHATHISTORY LATEST dana * 10").texts()).containsExactly("old secret", "old reply");
        return new IrcTestClient[] {dana, eve};
    }

    /** The name registered again by someone else: neither side can read the old conversation; a new one is kept. */
    private void nameReusedSeesNothing(HistoryServer s, IrcTestClient eve) {
        IrcTestClient newDana = registered(s, "dana", "new-owner-1");
        assertThat(history(newDana, "CHATHISTORY LATEST eve * 10").lines()).isEmpty();
        assertThat(history(eve, "CHATHISTORY LATEST dana * 10").lines()).isEmpty();
        String from = "timestamp=" + Instant.now().minusSeconds(3600), to = "timestamp=" + Instant.now().plusSeconds(60);
        newDana.send("CHATHISTORY TARGETS " + from + " " + to + " 10");
        assertThat(Batches.next(newDana, "draft/chathistory-targets").lines()).isEmpty();
        newDana.send("PRIVMSG eve :hello, I am new");
        eve.expect("PRIVMSG", "eve", "hello, I am new");
        assertThat(history(newDana, "CHATHISTORY LATEST eve * 10").texts()).containsExactly("hello, I am new");
    }

    /** NickServ DROP from dana's own session, which is then renamed to free the nick. */
    private void dropOwn(IrcTestClient dana) {
        dana.send("PRIVMSG NickServ :DROP dana");
        dana.expect("901");
        dana.send("NICK gone");
        dana.expect("NICK", "gone");
    }

    @Test
    void sqliteForgetsTheConversationsOfADroppedAccountAlsoAfterARestart() throws Exception {
        HistoryServer s = opened(HistoryServer.onDisk(dir));
        IrcTestClient[] de = converse(s);
        dropOwn(de[0]);
        nameReusedSeesNothing(s, de[1]);
        // The database, not only memory: after a restart the new dana still reads only her own line.
        closeAll();
        HistoryServer again = opened(HistoryServer.onDisk(dir));
        IrcTestClient dana = opened(again.client("dana", null, null));
        dana.send("PRIVMSG NickServ :IDENTIFY new-owner-1");
        dana.expect("900", "dana");
        assertThat(history(dana, "CHATHISTORY LATEST eve * 10").texts()).containsExactly("hello, I am new");
    }

    @Test
    void memoryStoreForgetsThemWhenAnOperatorDropsTheAccount() {
        MemoryAccountStore accounts = opened(new MemoryAccountStore(Scram.MIN_ITERATIONS));
        ServerConfig config = HistoryServer.unmetered().withOperators(List.of(new ServerConfig.Operator("admin",
                PasswordHash.hash("admin-password".toCharArray(), PasswordHash.MIN_ITERATIONS))));
        HistoryServer s = opened(new HistoryServer(Storage.memory().withAccounts(accounts), config, HistorySettings.defaults()));
        IrcTestClient[] de = converse(s);
        IrcTestClient op = opened(s.client("op", null, null));
        op.send("OPER admin admin-password");
        op.expect("381");
        op.send("PRIVMSG NickServ :SADROP dana");
        de[0].expect("901");
        de[0].send("NICK gone");
        de[0].expect("NICK", "gone");
        nameReusedSeesNothing(s, de[1]);
    }

    private HistoryServer onRedis(RedisServer redis, String node) throws Exception {
        RedisStore store = RedisStore.open(RedisStore.Options.defaults(redis.uri(), node).withScramIterations(Scram.MIN_ITERATIONS));
        return opened(new HistoryServer(new Storage(store.history(), store.accounts(), null), HistoryServer.unmetered(),
                HistorySettings.defaults()));
    }

    @Test
    void redisForgetsThemOnNickServDrop() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        RedisServer redis = opened(new RedisServer());
        HistoryServer s = onRedis(redis, "n1");
        IrcTestClient[] de = converse(s);
        dropOwn(de[0]);
        nameReusedSeesNothing(s, de[1]);
    }

    @Test
    void accountDelClusterForgetsThemWhileTheNodeRuns() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server is not installed");
        RedisServer redis = opened(new RedisServer());
        HistoryServer s = onRedis(redis, "n1");
        IrcTestClient[] de = converse(s);
        de[0].send("NICK gone"); // the tool cannot reach the session; it keeps its login until it reconnects
        de[0].expect("NICK", "gone");
        assertThat(run("account", "del", "dana", "--cluster", redis.uri())).isZero();
        assertThat(output).contains("deleted dana and 2 stored direct message(s)");
        nameReusedSeesNothing(s, de[1]);
    }

    @Test
    void accountDelForgetsThemInTheDataDirectory() throws Exception {
        converse(opened(HistoryServer.onDisk(dir)));
        closeAll(); // the server stops; the tool works on its directory
        assertThat(run("account", "del", "dana", "--data-dir", dir.toString())).isZero();
        assertThat(output).contains("deleted dana and 2 stored direct message(s)");
        HistoryServer again = opened(HistoryServer.onDisk(dir));
        IrcTestClient eve = opened(again.client("eve", null, null));
        eve.send("PRIVMSG NickServ :IDENTIFY eve-pass-1");
        eve.expect("900", "eve");
        nameReusedSeesNothing(again, eve);
    }

    private int run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = ChatJar.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        output = out.toString();
        return code;
    }
}

package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.Rehash;
import chatjar.server.ServerConfig;
import chatjar.server.auth.PasswordHash;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cap-notify: REHASH re-reads the accounts file, and when that makes sasl appear or disappear every cap-notify
 * client (CAP LS 302 implies it) hears CAP NEW or CAP DEL. The loader stands in for the file; what the real
 * loader reads is ServerSetupTest's business.
 */
@Timeout(60)
class CapNotifyTest {
    static final String HASH = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
    static final ServerConfig CONFIG = ServerConfig.defaults()
            .withLimits(ServerConfig.Limits.defaults().withoutFloodControl())
            .withOperators(List.of(new ServerConfig.Operator("admin", HASH)));

    final TestServer server = new TestServer(CONFIG);
    /** What the next reload reads: an account store, null for none, or a failure. */
    final AtomicReference<Object> nextAccounts = new AtomicReference<>();

    @BeforeEach
    void loader() {
        server.onLoop(s -> {
            s.rehash().setLoader("test.yaml", () -> {
                Object a = nextAccounts.get();
                if (a instanceof Exception e) throw e;
                return new Rehash.Result(CONFIG, List.of(), (Accounts) a);
            });
            return null;
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Accounts accounts(String... names) throws IOException {
        return Accounts.parse(Arrays.stream(names).map(n -> n + " " + HASH).toList(), "test");
    }

    private IrcTestClient oper() {
        IrcTestClient c = server.register("root");
        c.send("OPER admin pw");
        c.expect("381", "root");
        return c;
    }

    private static String rehash(IrcTestClient op) {
        op.send("REHASH");
        op.expect("382", "root");
        return op.expect("NOTICE").last();
    }

    /** Registers after CAP LS without 302 (so no implied cap-notify), asking for {@code caps} if any. */
    private IrcTestClient registerLs301(String nick, String caps) {
        IrcTestClient c = server.connect();
        c.nick = nick;
        c.send("CAP LS");
        c.expect("CAP", "*", "LS");
        if (caps != null) {
            c.send("CAP REQ :" + caps);
            c.expect("CAP", "*", "ACK", caps);
        }
        c.send("CAP END");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.expect("001");
        return c;
    }

    @Test
    void saslComesAndGoesWithTheAccountsFileAndCapNotifyClientsAreTold() throws Exception {
        try (IrcTestClient op = oper();
             IrcTestClient v302 = CapClients.register(server, "modern", "server-time");
             IrcTestClient asked = registerLs301("asked", "cap-notify");
             IrcTestClient deaf = registerLs301("deaf", null);
             IrcTestClient negotiating = server.connect()) {
            negotiating.send("CAP LS 302");
            assertThat(negotiating.expect("CAP", "*", "LS").last()).doesNotContain("sasl");

            nextAccounts.set(accounts("alice"));
            assertThat(rehash(op)).isEqualTo("REHASH: reloaded: accounts");
            assertThat(v302.expect("CAP", "modern", "NEW").last()).isEqualTo("sasl=PLAIN"); // 302: with its value
            assertThat(asked.expect("CAP", "asked", "NEW").last()).isEqualTo("sasl");
            assertThat(negotiating.expect("CAP", "*", "NEW").last()).isEqualTo("sasl=PLAIN");
            deaf.sync();
            assertThat(deaf.allLines()).noneMatch(l -> l.contains(" NEW :") || l.contains(" DEL :"));

            // sasl is now really offered: it can be requested and used before registration ends.
            negotiating.send("CAP REQ :sasl");
            negotiating.expect("CAP", "*", "ACK", "sasl");
            negotiating.send("AUTHENTICATE PLAIN");
            negotiating.expect("AUTHENTICATE", "+");
            negotiating.send("AUTHENTICATE " + SaslTest.plain("alice", "pw"));
            negotiating.expect("903");
            v302.send("CAP REQ :sasl");
            v302.expect("CAP", "modern", "ACK", "sasl");

            // The same accounts again: nothing changed, nobody is told anything.
            nextAccounts.set(accounts("alice"));
            assertThat(rehash(op)).isEqualTo("REHASH: reloaded, nothing changed");
            // Different accounts, sasl still offered: no NEW or DEL either.
            nextAccounts.set(accounts("alice", "bob"));
            assertThat(rehash(op)).isEqualTo("REHASH: reloaded: accounts");

            nextAccounts.set(null);
            assertThat(rehash(op)).isEqualTo("REHASH: reloaded: accounts");
            assertThat(v302.expect("CAP", "modern", "DEL").last()).isEqualTo("sasl");
            assertThat(asked.expect("CAP", "asked", "DEL").last()).isEqualTo("sasl");
            assertThat(negotiating.expect("CAP", "*", "DEL").last()).isEqualTo("sasl");
            // The two middle reloads said nothing: one NEW, then this DEL.
            assertThat(v302.allLines().stream().filter(l -> l.contains(" CAP modern NEW ") || l.contains(" CAP modern DEL ")))
                    .hasSize(2);
            v302.send("CAP LIST");
            assertThat(v302.expect("CAP", "modern", "LIST").last().split(" ")).doesNotContain("sasl").contains("server-time");
            v302.send("CAP REQ :sasl");
            v302.expect("CAP", "modern", "NAK", "sasl");
            deaf.sync();
            assertThat(deaf.allLines()).noneMatch(l -> l.contains(" NEW :") || l.contains(" DEL :"));
        }
    }

    @Test
    void aFailedReloadKeepsTheOldAccountsAndTellsTheOper() throws Exception {
        server.onLoop(s -> {
            try {
                s.setAccounts(accounts("alice"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        try (IrcTestClient op = oper(); IrcTestClient v302 = CapClients.register(server, "modern", "server-time")) {
            nextAccounts.set(new IOException("accounts.txt:2: expected 'name hash'"));
            assertThat(rehash(op)).isEqualTo("REHASH: reload failed, nothing changed: accounts.txt:2: expected 'name hash'");
            assertThat(server.<Accounts>onLoop(s -> s.accounts())).isEqualTo(accounts("alice"));
            v302.send("CAP LS 302");
            Message ls = v302.expect("CAP", "modern", "LS");
            assertThat(ls.last().split(" ")).contains("sasl=PLAIN");
            assertThat(v302.allLines()).noneMatch(l -> l.contains(" DEL "));
        }
    }
}

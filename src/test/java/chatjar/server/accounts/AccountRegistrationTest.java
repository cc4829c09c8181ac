package chatjar.server.accounts;

import chatjar.store.memory.MemoryAccountStore;
import chatjar.store.scram.Scram;
import chatjar.store.sqlite.SqliteOptions;
import chatjar.store.sqlite.SqliteStore;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static chatjar.server.accounts.ScramClient.plain;
import static org.assertj.core.api.Assertions.assertThat;

/** draft/account-registration over real sockets, and SASL logins into what it registered, across a restart. */
@Timeout(60)
class AccountRegistrationTest {
    static SqliteOptions fast() {
        return SqliteOptions.defaults().withScramIterations(Scram.MIN_ITERATIONS);
    }

    /** CAP LS 302 + NICK/USER + CAP REQ sasl, without ending negotiation. */
    static IrcTestClient negotiating(AccountsServer s, String nick) {
        IrcTestClient c = s.connect();
        c.nick = nick;
        c.send("CAP LS 302");
        String ls = c.expect("CAP", "*", "LS").last();
        assertThat(ls.split(" ")).contains("sasl=PLAIN,SCRAM-SHA-256,EXTERNAL", "draft/account-registration=before-connect");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.send("CAP REQ :sasl account-notify");
        c.expect("CAP", "*", "ACK");
        return c;
    }

    @Test
    void registerBeforeConnectThenRestartThenPlainAndScramLogins(@TempDir Path dir) throws Exception {
        try (SqliteStore store = SqliteStore.open(dir, fast()); AccountsServer s = new AccountsServer(store.accounts())) {
            try (IrcTestClient c = negotiating(s, "alice")) {
                c.send("REGISTER * * correct-horse");
                c.expect("REGISTER", "SUCCESS", "alice");
                c.expect("900", "alice", "alice!~alice@127.0.0.1", "alice");
                c.send("CAP END");
                c.expect("001");
                assertThat(s.<String>onLoop(x -> x.users().find("alice").account)).isEqualTo("alice");
            }
        }
        // A new store and server on the same file: the account is still there.
        try (SqliteStore store = SqliteStore.open(dir, fast()); AccountsServer s = new AccountsServer(store.accounts())) {
            try (IrcTestClient c = negotiating(s, "plainer")) {
                c.send("AUTHENTICATE PLAIN");
                c.expect("AUTHENTICATE", "+");
                c.send("AUTHENTICATE " + plain("alice", "wrong-password"));
                c.expect("904");
                c.send("AUTHENTICATE PLAIN");
                c.expect("AUTHENTICATE", "+");
                c.send("AUTHENTICATE " + plain("ALICE", "correct-horse"));
                c.expect("900", "plainer");
                c.expect("903");
                c.send("CAP END");
                c.expect("001");
            }
            try (IrcTestClient c = negotiating(s, "scrammer")) {
                assertThat(ScramClient.login(c, "alice", "not-it")).isFalse();
                assertThat(ScramClient.login(c, "alice", "correct-horse")).isTrue();
                c.send("CAP END");
                c.expect("001");
                assertThat(s.<String>onLoop(x -> x.users().find("scrammer").account)).isEqualTo("alice");
                c.send("WHOIS scrammer");
                c.expect("330", "scrammer", "scrammer", "alice");
            }
            try (IrcTestClient c = negotiating(s, "nobody")) {
                assertThat(ScramClient.login(c, "ghost", "correct-horse")).isFalse(); // unknown: fails at the proof
            }
        }
    }

    @Test
    void registerFailuresUseTheSpecCodes() {
        try (MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
             AccountsServer s = new AccountsServer(store);
             IrcTestClient other = s.register("carol")) {
            try (IrcTestClient c = s.register("bob")) {
                c.send("REGISTER * * short");
                c.expect("FAIL", "REGISTER", "WEAK_PASSWORD", "bob");
                c.send("REGISTER #chan * long-enough");
                c.expect("FAIL", "REGISTER", "BAD_ACCOUNT_NAME", "#chan");
                c.send("REGISTER dave * long-enough");
                c.expect("FAIL", "REGISTER", "ACCOUNT_NAME_MUST_BE_NICK", "dave");
                c.send("REGISTER bob");
                c.expect("461");
                c.send("REGISTER * * long-enough");
                c.expect("REGISTER", "SUCCESS", "bob");
                c.expect("900", "bob");
                c.send("REGISTER * * long-enough");
                c.expect("FAIL", "REGISTER", "ALREADY_AUTHENTICATED", "bob");
                c.send("VERIFY bob 12345");
                c.expect("FAIL", "VERIFY", "INVALID_CODE", "bob");
                c.send("QUIT");
                c.expectClosed();
            }
            other.send("NICK bob");
            other.expect("NICK", "bob");
            other.nick = "bob";
            other.send("REGISTER * * another-one");
            other.expect("FAIL", "REGISTER", "ACCOUNT_EXISTS", "bob");
        }
    }

    @Test
    void registrationsAreThrottledPerNetwork() {
        try (MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
             AccountsServer s = new AccountsServer(store)) {
            s.onLoop(x -> { x.accountService().registrations().setLimit(2); return null; });
            for (int i = 0; i < 2; i++) {
                try (IrcTestClient c = s.register("reg" + i)) {
                    c.send("REGISTER * * long-enough");
                    c.expect("REGISTER", "SUCCESS", "reg" + i);
                }
            }
            try (IrcTestClient c = s.register("reg2")) {
                c.send("REGISTER * * long-enough");
                assertThat(c.expect("FAIL", "REGISTER", "TEMPORARILY_UNAVAILABLE", "reg2").last()).contains("Too many");
                assertThat(s.<String>onLoop(x -> x.users().find("reg2").account)).isNull();
            }
        }
    }

    @Test
    void wrongPasswordsLockTheAccountNameForAMinute() throws Exception {
        try (MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
             AccountsServer s = new AccountsServer(store)) {
            try (IrcTestClient c = s.register("erin")) {
                c.send("REGISTER * * right-password");
                c.expect("REGISTER", "SUCCESS", "erin");
            }
            try (IrcTestClient c = negotiating(s, "guesser")) {
                for (int i = 0; i < 3; i++) {
                    c.send("AUTHENTICATE PLAIN");
                    c.expect("AUTHENTICATE", "+");
                    c.send("AUTHENTICATE " + plain("erin", "guess-" + i));
                    c.expect("904");
                }
                // Locked now: even the right password (over SCRAM too) fails until the window ends.
                c.send("AUTHENTICATE PLAIN");
                c.expect("AUTHENTICATE", "+");
                c.send("AUTHENTICATE " + plain("erin", "right-password"));
                c.expect("904");
                assertThat(ScramClient.login(c, "erin", "right-password")).isFalse();
                assertThat(s.<String>onLoop(x -> x.users().find("guesser").account)).isNull();
            }
        }
    }
}

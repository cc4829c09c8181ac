package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.auth.PasswordHash;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SaslTest {
    private final TestServer server = new TestServer();

    @BeforeEach
    void accounts() throws IOException {
        String hash = PasswordHash.hash("s3cret pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        server.server.setAccounts(Accounts.parse(List.of("# test accounts", "Alice " + hash, "Bob " + hash), "test"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String plain(String authcid, String password) {
        return Base64.getEncoder().encodeToString(("\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private IrcTestClient startSasl(String nick) {
        IrcTestClient c = server.connect();
        c.nick = nick;
        c.send("CAP LS 302");
        assertThat(c.expect("CAP", "*", "LS").last().split(" ")).contains("sasl=PLAIN");
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.send("CAP REQ :sasl account-notify");
        c.expect("CAP", "*", "ACK");
        return c;
    }

    @Test
    void threeWrongPasswordsForAnAccountLockItForAMinuteButNoOneElse() {
        try (IrcTestClient c = startSasl("guesser")) {
            for (int i = 0; i < 3; i++) {
                c.send("AUTHENTICATE PLAIN");
                c.expect("AUTHENTICATE", "+");
                c.send("AUTHENTICATE " + plain("alice", "guess " + i));
                c.expect("904");
            }
        }
        // From another connection, even the right password is refused for now, without a password check.
        try (IrcTestClient c = startSasl("al")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("ALICE", "s3cret pw"));
            c.expect("904");
            c.send("CAP END");
            c.expect("001");
            assertThat(server.<String>onLoop(s -> s.users().find("al").account)).isNull();
        }
        try (IrcTestClient c = startSasl("bo")) { // another account from the same address is not slowed down
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("bob", "s3cret pw"));
            c.expect("903");
        }
    }

    @Test
    void aLoginWhoseAccountIsRemovedDuringTheCheckFails() throws IOException {
        String slow = PasswordHash.hash("slow pw".toCharArray(), PasswordHash.DEFAULT_ITERATIONS); // a check of ~0.1-1 s
        server.server.setAccounts(Accounts.parse(List.of("Carol " + slow, "Alice " + slow), "test"));
        try (IrcTestClient c = startSasl("ca")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("carol", "slow pw"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> server.<Boolean>onLoop(s -> s.users().find("ca") != null && chatjar.server.LocalUser.of(s.users().find("ca")).saslVerifying));
            Accounts withoutCarol = Accounts.parse(List.of("Alice " + slow), "test");
            server.<Object>onLoop(s -> { // a REHASH that dropped carol, while her password is being checked
                s.setAccounts(withoutCarol);
                return null;
            });
            c.expect("904");
            c.send("CAP END");
            c.expect("001");
            assertThat(server.<String>onLoop(s -> s.users().find("ca").account)).isNull();
        }
    }

    @Test
    void plainLoginThenRegistration() {
        try (IrcTestClient c = startSasl("al")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("alice", "s3cret pw"));
            Message logged = c.expect("900", "al", "al!~al@127.0.0.1", "Alice");
            assertThat(logged.last()).contains("Alice");
            c.expect("903");
            c.send("CAP END");
            c.expect("001");
            assertThat(server.<String>onLoop(s -> s.users().find("al").account)).isEqualTo("Alice");
            c.send("AUTHENTICATE PLAIN");
            c.expect("907");
        }
    }

    @Test
    void capEndDuringTheHashCheckWaitsForTheResult() {
        try (IrcTestClient c = startSasl("quick")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("alice", "s3cret pw"));
            c.send("CAP END"); // arrives while the worker is still hashing
            c.expect("900");
            c.expect("903");
            c.expect("001");
        }
    }

    @Test
    void wrongPasswordUnknownUserBadMechanismAndAbort() {
        try (IrcTestClient c = startSasl("mallory")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("alice", "guess"));
            c.expect("904");
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("nobody", "s3cret pw")); // alice's password, checked against her hash
            c.expect("904");
            c.send("AUTHENTICATE SCRAM-SHA-256");
            c.expect("908", "mallory", "PLAIN");
            c.expect("904");
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE *");
            c.expect("906");
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            for (int i = 0; i < 4; i++) c.send("AUTHENTICATE " + "A".repeat(400));
            c.expect("905");
            c.send("CAP END");
            c.expect("001");
            assertThat(server.<String>onLoop(s -> s.users().find("mallory").account)).isNull();
        }
    }

    @Test
    void loginAfterRegistrationNotifiesPeersWithAccountNotify() {
        try (IrcTestClient watcher = CapClients.register(server, "watcher", "account-notify");
             IrcTestClient c = CapClients.register(server, "late", "sasl")) {
            watcher.send("JOIN #acc");
            watcher.expect("366");
            c.send("JOIN #acc");
            c.expect("366");
            c.send("AUTHENTICATE PLAIN");
            c.expect("AUTHENTICATE", "+");
            c.send("AUTHENTICATE " + plain("Alice", "s3cret pw"));
            c.expect("903");
            Message acct = watcher.expect("ACCOUNT", "Alice");
            assertThat(acct.prefix()).startsWith("late!");
        }
    }

    @Test
    void saslIsRefusedWithoutTheCapAndNotOfferedWithoutAccounts() {
        try (IrcTestClient c = server.register("nocap")) {
            c.send("AUTHENTICATE PLAIN");
            c.expect("904");
        }
        try (TestServer bare = new TestServer(); IrcTestClient c = bare.connect()) {
            c.send("CAP LS 302");
            assertThat(c.expect("CAP", "*", "LS").last()).doesNotContain("sasl");
            c.send("CAP REQ :sasl");
            c.expect("CAP", "*", "NAK", "sasl");
        }
    }

    @Test
    void malformedAccountsFileNamesTheLine() {
        assertThatThrownBy(() -> Accounts.parse(List.of("bob notahash"), "acc.txt"))
                .isInstanceOf(IOException.class).hasMessageContaining("acc.txt:1");
    }
}

package chatjar.server.accounts;

import chatjar.irc.Message;
import chatjar.store.sqlite.SqliteStore;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REGISTER as irctest's account-registration tests drive it: its answer comes before the answers to the lines sent
 * after it, and a client whose first NICK was taken is still an IRC client when it sends REGISTER or PING next.
 */
@Timeout(60)
class AccountRegistrationOrderTest {
    @Test
    void linesAfterRegisterAreAnsweredAfterIt(@TempDir Path dir) throws Exception {
        try (SqliteStore store = SqliteStore.open(dir, AccountRegistrationTest.fast());
             AccountsServer s = new AccountsServer(store.accounts());
             IrcTestClient c = s.connect()) {
            // One write, so the PING is read while the store is still creating the account.
            c.sendRaw("CAP LS 302\r\nNICK alice\r\nREGISTER * * correct-horse\r\nPING after-register\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            Message first = c.expectMatch(m -> m.command().equals("REGISTER") || m.command().equals("PONG"),
                    "REGISTER or PONG");
            assertThat(first.command()).isEqualTo("REGISTER");
            assertThat(first.param(0)).isEqualTo("SUCCESS");
            c.expect("PONG");
            c.send("USER alice 0 * :alice").send("CAP END");
            c.expect("001", "alice");
        }
    }

    @Test
    void registerAfterATakenNickIsStillIrc(@TempDir Path dir) throws Exception {
        try (SqliteStore store = SqliteStore.open(dir, AccountRegistrationTest.fast());
             AccountsServer s = new AccountsServer(store.accounts());
             IrcTestClient holder = s.register("root");
             IrcTestClient c = s.connect()) {
            c.sendRaw("NICK root\r\nREGISTER * * correct-horse\r\n".getBytes(StandardCharsets.UTF_8));
            c.expect("433", "*", "root");
            c.expect("FAIL", "REGISTER", "NEED_NICK");
            c.sync(); // a PING still gets its PONG: the refused NICK made this an IRC connection, not a guest
            c.send("NICK rooted").send("USER rooted 0 * :rooted");
            c.expect("001", "rooted");
            assertThat(s.<String>onLoop(x -> x.users().find("rooted").nick)).isEqualTo("rooted");
        }
    }

    @Test
    void linesAfterSaregisterAreAnsweredAfterIt(@TempDir Path dir) throws Exception {
        try (SqliteStore store = SqliteStore.open(dir, AccountRegistrationTest.fast());
             AccountsServer s = new AccountsServer(store.accounts());
             IrcTestClient op = s.register("root")) {
            op.send("OPER admin admin-password");
            op.expect("381");
            op.sendRaw("PRIVMSG NickServ :SAREGISTER bob long-password\r\nPING after-saregister\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            Message first = op.expectMatch(m -> m.command().equals("NOTICE") || m.command().equals("PONG"),
                    "NOTICE or PONG");
            assertThat(first.last()).isEqualTo("Account bob registered");
            op.expect("PONG");
        }
    }
}

package chatjar.server.accounts;

import chatjar.irc.Message;
import chatjar.store.memory.MemoryAccountStore;
import chatjar.store.scram.Scram;
import chatjar.testing.IrcTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** NickServ for clients without the capability: its commands as NOTICEs, and nick ownership. */
@Timeout(60)
class NickServTest {
    private final MemoryAccountStore store = new MemoryAccountStore(Scram.MIN_ITERATIONS);
    private final AccountsServer s = new AccountsServer(store);

    @AfterEach
    void stop() {
        s.close();
        store.close();
    }

    /** The text of the next NOTICE from NickServ containing {@code text}. */
    private static String ns(IrcTestClient c, String text) {
        Message m = c.expectMatch(x -> x.command().equals("NOTICE") && x.prefix() != null && x.prefix().startsWith("NickServ!")
                && x.last().contains(text), "a NickServ notice with '" + text + "'");
        return m.last();
    }

    @Test
    void registerIdentifyInfoSetPasswordAndDrop() {
        try (IrcTestClient a = s.register("frank")) {
            a.send("PRIVMSG NickServ :HELP");
            ns(a, "IDENTIFY [account] <password>");
            a.send("PRIVMSG NickServ :REGISTER frank-pass-1");
            ns(a, "Account frank registered");
            a.expect("900", "frank");
            a.send("PRIVMSG NickServ :INFO");
            ns(a, "Account: frank");
            ns(a, "Nicks: frank");
            ns(a, "Certificates: none");
            a.send("PRIVMSG NickServ :SET PASSWORD frank-pass-2");
            ns(a, "Password changed");
        }
        try (IrcTestClient b = s.register("other")) {
            b.send("PRIVMSG NickServ :IDENTIFY frank frank-pass-1");
            ns(b, "Invalid account name or password");
            b.send("PRIVMSG NickServ :IDENTIFY frank frank-pass-2");
            b.expect("900", "other", "other!~other@127.0.0.1", "frank");
            ns(b, "You are now logged in as frank");
            b.send("PRIVMSG NickServ :INFO frank");
            ns(b, "Registered: ");
            b.send("PRIVMSG NickServ :DROP");
            ns(b, "DROP frank");
            b.send("PRIVMSG NickServ :DROP frank");
            ns(b, "has been deleted");
            b.expect("901", "other");
            assertThat(s.<String>onLoop(x -> x.users().find("other").account)).isNull();
            b.send("PRIVMSG NickServ :IDENTIFY frank frank-pass-2");
            ns(b, "Invalid account name or password");
        }
    }

    @Test
    void nickServIsAUserLikeTargetWhoseNickIsReservedAndWhoseMessagesAreNotRelayed() {
        try (IrcTestClient a = s.register("gina")) {
            a.send("WHOIS NickServ");
            a.expect("311", "gina", "NickServ", "NickServ", "services");
            a.expect("318");
            a.send("NICK nickserv");
            a.expect("433");
            a.send("PRIVMSG NickServ :FROBNICATE");
            ns(a, "Unknown command FROBNICATE");
        }
    }

    @Test
    void ghostAndRegainFreeTheNickForItsOwner() {
        try (IrcTestClient owner = s.register("hank")) {
            owner.send("PRIVMSG NickServ :REGISTER hank-pass-1");
            ns(owner, "registered");
            owner.send("QUIT");
            owner.expectClosed();
        }
        s.onLoop(x -> { x.nickGuard().setGraceSeconds(3600); return null; });
        try (IrcTestClient squatter = s.register("hank");
             IrcTestClient owner = s.register("hank2")) {
            ns(squatter, "registered to the account hank");
            owner.send("PRIVMSG NickServ :REGAIN hank");
            ns(owner, "must be logged in");
            owner.send("PRIVMSG NickServ :IDENTIFY hank hank-pass-1");
            ns(owner, "now logged in as hank");
            owner.send("PRIVMSG NickServ :REGAIN hank");
            owner.expect("NICK", "hank");
            ns(owner, "regained the nick hank");
            String guest = squatter.expect("NICK").last();
            assertThat(guest).startsWith("Guest-");
            // GHOST: a second session of the same account on another nick is disconnected.
            try (IrcTestClient second = s.register("hank3")) {
                second.send("PRIVMSG NickServ :IDENTIFY hank hank-pass-1");
                ns(second, "now logged in as hank");
                owner.send("PRIVMSG NickServ :GHOST hank3");
                ns(owner, "hank3 has been ghosted");
                second.expectClosed();
            }
            owner.send("PRIVMSG NickServ :GHOST " + guest);
            ns(owner, "does not belong to your account");
        }
    }

    @Test
    void aUserOnSomeoneElsesNickIsRenamedAfterTheGracePeriodUnlessTheyLogIn() {
        try (IrcTestClient owner = s.register("ivy")) {
            owner.send("PRIVMSG NickServ :REGISTER ivy-pass-1");
            ns(owner, "registered");
            owner.send("QUIT");
            owner.expectClosed();
        }
        s.onLoop(x -> { x.nickGuard().setGraceSeconds(1); return null; });
        try (IrcTestClient squatter = s.register("ivy"); IrcTestClient rightful = s.register("notivy")) {
            ns(squatter, "registered to the account ivy");
            assertThat(squatter.expect("NICK").last()).startsWith("Guest-");
            // The owner changing to the nick while logged in keeps it past the grace period.
            rightful.send("PRIVMSG NickServ :IDENTIFY ivy ivy-pass-1");
            ns(rightful, "now logged in");
            rightful.send("NICK ivy");
            rightful.expect("NICK", "ivy");
            // Not renamed: past the grace period the server still has the owner on the nick.
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(1500))
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> "ivy".equals(s.<String>onLoop(x -> x.users().find("ivy") == null ? null : x.users().find("ivy").nick)));
            assertThat(s.<String>onLoop(x -> x.users().find("ivy").account)).isEqualTo("ivy");
        }
    }

    @Test
    void strictModeRenamesAtOnce() {
        try (IrcTestClient owner = s.register("jo")) {
            owner.send("PRIVMSG NickServ :REGISTER jo-password");
            ns(owner, "registered");
            owner.send("QUIT");
            owner.expectClosed();
        }
        s.onLoop(x -> { x.nickGuard().setGraceSeconds(0); return null; });
        try (IrcTestClient other = s.register("someone")) {
            other.send("NICK JO");
            other.expect("NICK", "JO");
            ns(other, "you are being renamed");
            assertThat(other.expect("NICK").last()).startsWith("Guest-");
        }
    }

    @Test
    void operatorsRegisterAndDropAccountsForOthers() {
        try (IrcTestClient op = s.register("oper"); IrcTestClient user = s.register("kate")) {
            op.send("PRIVMSG NickServ :SAREGISTER kate kate-password");
            ns(op, "Operators only");
            op.send("OPER admin admin-password");
            op.expect("381");
            op.send("PRIVMSG NickServ :SAREGISTER kate kate-password");
            ns(op, "Account kate registered");
            user.send("PRIVMSG NickServ :IDENTIFY kate-password");
            ns(user, "now logged in as kate");
            op.send("PRIVMSG NickServ :SADROP kate");
            ns(op, "Account kate deleted");
            user.expect("901", "kate");
            op.send("PRIVMSG NickServ :SADROP kate");
            ns(op, "No account kate");
        }
    }

    @Test
    void plainTextUsersReachNickServWithMsg() {
        try (IrcTestClient c = s.connect()) {
            c.send("hello, is this thing on?");
            c.expectText("#lobby");
            c.send("/msg NickServ REGISTER plain-password");
            c.expectText("registered; you are now logged in");
            String nick = s.onLoop(x -> {
                for (var u : x.users().registeredUsers()) if (u.account != null) return u.nick;
                return null;
            });
            assertThat(nick).isNotNull().startsWith("guest");
        }
    }
}

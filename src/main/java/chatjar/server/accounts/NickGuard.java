package chatjar.server.accounts;

import chatjar.net.Scheduler;
import chatjar.server.handlers.Nicks;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Nick ownership: a nick an account owns (its own name, at least) belongs to whoever is logged in to that account.
 * When a user who is not takes it (at registration or by NICK), NickServ tells them, and after a grace period
 * (configurable; 0 is strict: at once) renames them to {@code Guest-N} unless they logged in meanwhile. The owner
 * can also take the nick back at once with NickServ REGAIN. The store is asked once per nick taken, off the loop.
 */
public final class NickGuard {
    public static final int DEFAULT_GRACE_SECONDS = 30;

    private final AccountService accounts;
    private final Users users;
    private final Nicks nicks;
    private final Scheduler loop;
    private NickServ service;
    private int graceSeconds = DEFAULT_GRACE_SECONDS;

    public NickGuard(AccountService accounts, Users users, Nicks nicks) {
        this.accounts = accounts;
        this.users = users;
        this.nicks = nicks;
        this.loop = accounts.loop();
    }

    void setService(NickServ service) {
        this.service = service;
    }

    /** Seconds before a user on someone else's nick is renamed; 0 renames at once. */
    public void setGraceSeconds(int seconds) {
        this.graceSeconds = Math.max(0, seconds);
    }

    public int graceSeconds() {
        return graceSeconds;
    }

    /** {@code c} now uses its nick (just registered, or changed it): check who owns that nick. Loop thread. */
    public void check(Client c) {
        if (!accounts.hasStore() || c.local == null || !c.registered || c.nick == null) return;
        String nick = c.nickFolded;
        accounts.store().nickOwner(nick, loop::execute, (owner, error) -> {
            if (owner == null || !stillOn(c, nick) || AccountService.isLoggedInAs(c, owner)) return;
            if (graceSeconds == 0) {
                service.notice(c, "This nick is registered to the account " + owner + "; you are being renamed.");
                renameToGuest(c);
                return;
            }
            service.notice(c, "This nick is registered to the account " + owner + ". Log in with /msg "
                    + NickServ.NICK + " IDENTIFY <password> within " + graceSeconds + " seconds, or you will be renamed.");
            loop.schedule(graceSeconds * 1000L, () -> {
                if (stillOn(c, nick) && !AccountService.isLoggedInAs(c, owner)) renameToGuest(c);
            });
        });
    }

    private boolean stillOn(Client c, String nickFolded) {
        return c.local != null && c.registered && nickFolded.equals(c.nickFolded) && users.find(c.nick) == c
                && ((chatjar.server.LocalUser) c.local).link.isOpen();
    }

    /** Renames {@code c} to a free {@code Guest-N} nick (relayed as an ordinary NICK). */
    public void renameToGuest(Client c) {
        String guest;
        do {
            guest = "Guest-" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
        } while (users.find(guest) != null);
        nicks.change(c, guest);
    }
}

package chatjar.server.accounts;

import chatjar.irc.CaseMapping;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.handlers.Messaging;
import chatjar.server.handlers.Nicks;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Client;
import chatjar.state.Users;
import chatjar.store.Account;

import java.time.Instant;
import java.util.Locale;

/**
 * NickServ, for clients without {@code draft/account-registration} or SASL ({@code /msg NickServ REGISTER
 * password} from irssi, or a plain-text user's {@code /msg}): answers in NOTICEs, as Ergo's does. It is a user-like
 * {@link Client} with no connection, holding its nick (so WHOIS answers and nobody can take it); messages to it
 * are handled here and never relayed, so passwords reach no log, history or peer.
 */
public final class NickServ implements Messaging.Service {
    public static final String NICK = "NickServ";

    private static final String[] HELP = {
            "NickServ keeps accounts: an account owns its name as a nick, and logs you in on every connection.",
            "  REGISTER <password>              register your current nick as an account (and log in)",
            "  IDENTIFY [account] <password>    log in (clients with SASL do this for you)",
            "  GHOST <nick>                     disconnect a session using a nick of your account",
            "  REGAIN <nick>                    take a nick of your account back (its holder is renamed)",
            "  SET PASSWORD <new password>      change your password",
            "  CERT ADD [fingerprint] | DEL <fingerprint> | LIST   TLS client certificates for SASL EXTERNAL",
            "  INFO [account]                   when an account was registered, and its nicks",
            "  DROP <account>                   delete your account (type its name to confirm)",
            "Operators: SAREGISTER <account> <password>, SADROP <account>",
    };

    private final Client self;
    private final Replies out;
    private final Users users;
    private final AccountService accounts;
    private final RegisterHandlers registration;
    private final NickGuard guard;
    private final Nicks nicks;

    public NickServ(Replies out, Users users, AccountService accounts, RegisterHandlers registration, NickGuard guard,
                    Nicks nicks, long now) {
        this.out = out;
        this.users = users;
        this.accounts = accounts;
        this.registration = registration;
        this.guard = guard;
        this.nicks = nicks;
        guard.setService(this);
        // Registered in the nick table only: not a connection, so liveness, LUSERS and shutdown never see it.
        this.self = new Client("services", now);
        self.user = NICK;
        self.realname = "Nickname and account services";
        self.registered = true;
        self.signonSeconds = System.currentTimeMillis() / 1000;
        users.rename(self, NICK);
    }

    public Client client() {
        return self;
    }

    /** Messaging's hook: a PRIVMSG to NickServ is a command; NOTICE and TAGMSG are swallowed (never answered). */
    @Override
    public boolean handles(Client from, Client to, Kind verb, String text) {
        if (to != self) return false;
        if (verb == Kind.PRIVMSG && text != null && LocalUser.of(from) != null) command(from, text.strip());
        return true;
    }

    void notice(Client c, String text) {
        out.send(c, ":" + self.prefix() + " NOTICE " + c.target() + " :" + text);
    }

    private void command(Client c, String text) {
        String[] w = text.split(" +");
        String verb = w[0].toUpperCase(Locale.ROOT);
        switch (verb) {
            case "HELP", "" -> {
                for (String line : HELP) notice(c, line);
            }
            case "REGISTER" -> {
                if (w.length < 2) {
                    notice(c, "Syntax: REGISTER <password>");
                    return;
                }
                registration.register(c, "*", w[1], (code, account, message) -> notice(c, code == null
                        ? "Account " + account + " registered; you are now logged in. Your nick " + account + " is protected."
                        : message));
            }
            case "IDENTIFY", "LOGIN" -> identify(c, w);
            case "GHOST" -> withNick(c, w, false);
            case "REGAIN", "RECOVER" -> withNick(c, w, true);
            case "SET" -> setPassword(c, w);
            case "CERT" -> CertCommands.run(this, c, w);
            case "INFO" -> info(c, w);
            case "DROP" -> drop(c, w);
            case "SAREGISTER" -> saRegister(c, w);
            case "SADROP" -> {
                if (!c.oper || w.length < 2) notice(c, c.oper ? "Syntax: SADROP <account>" : "Operators only");
                else dropAccount(c, w[1]);
            }
            default -> notice(c, "Unknown command " + w[0] + ". Try /msg " + NICK + " HELP");
        }
    }

    // IDENTIFY [account] <password>
    private void identify(Client c, String[] w) {
        LocalUser local = LocalUser.of(c);
        if (w.length < 2) {
            notice(c, "Syntax: IDENTIFY [account] <password>");
            return;
        }
        if (c.account != null) {
            notice(c, "You are already logged in as " + c.account);
            return;
        }
        String name = w.length > 2 ? w[1] : c.nick;
        String password = w.length > 2 ? w[2] : w[1];
        long now = accounts.loop().nowMillis();
        if (local.saslVerifying || accounts.throttle().locked(name, now)) {
            notice(c, "Too many attempts; wait a minute and try again");
            return;
        }
        local.saslVerifying = true;
        accounts.checkPassword(name, password, account -> {
            local.saslVerifying = false;
            if (!local.link.isOpen()) return;
            if (account == null) {
                accounts.throttle().failed(name, accounts.loop().nowMillis());
                notice(c, "Invalid account name or password");
                return;
            }
            if (c.account != null) return; // logged in by another path meanwhile
            accounts.loggedIn(c, account);
            notice(c, "You are now logged in as " + account);
        });
    }

    // GHOST <nick> | REGAIN <nick>: only for a nick of the caller's account
    private void withNick(Client c, String[] w, boolean regain) {
        if (w.length < 2) {
            notice(c, "Syntax: " + w[0].toUpperCase(Locale.ROOT) + " <nick>");
            return;
        }
        if (c.account == null) {
            notice(c, "You must be logged in to do that");
            return;
        }
        String nick = w[1];
        String account = c.account;
        Runnable act = () -> {
            Client holder = users.find(nick);
            if (holder == c) {
                notice(c, regain ? "You already have that nick" : "You cannot GHOST yourself");
                return;
            }
            if (holder != null && holder.local != null) {
                if (regain) guard.renameToGuest(holder);
                else out.closeWithError(holder, "GHOST command used by " + c.nick);
            } else if (!regain) {
                notice(c, "Nobody is using " + nick);
                return;
            }
            if (regain) {
                nicks.change(c, nick);
                notice(c, "You have regained the nick " + nick);
            } else {
                notice(c, nick + " has been ghosted");
            }
        };
        Client holder = users.find(nick);
        if (holder != null && AccountService.isLoggedInAs(holder, account)) {
            act.run();
            return;
        }
        if (!accounts.hasStore()) {
            notice(c, "That nick does not belong to your account");
            return;
        }
        accounts.store().nickOwner(CaseMapping.fold(nick), accounts.loop()::execute, (owner, error) -> {
            if (!LocalUser.of(c).link.isOpen()) return;
            if (owner != null && AccountService.isLoggedInAs(c, owner)) act.run();
            else notice(c, "That nick does not belong to your account");
        });
    }

    // SET PASSWORD <new password>
    private void setPassword(Client c, String[] w) {
        if (w.length < 3 || !w[1].equalsIgnoreCase("PASSWORD")) {
            notice(c, "Syntax: SET PASSWORD <new password>");
            return;
        }
        if (!requireStoreLogin(c)) return;
        if (w[2].length() < AccountService.MIN_PASSWORD || w[2].length() > AccountService.MAX_PASSWORD) {
            notice(c, "Passwords need " + AccountService.MIN_PASSWORD + " to " + AccountService.MAX_PASSWORD + " characters");
            return;
        }
        accounts.store().setPassword(CaseMapping.fold(c.account), w[2].toCharArray(), accounts.loop()::execute, (ok, error) ->
                notice(c, Boolean.TRUE.equals(ok) ? "Password changed"
                        : "Your account is read-only here (from the accounts file); ask an operator"));
    }

    // INFO [account]
    private void info(Client c, String[] w) {
        String name = w.length > 1 ? w[1] : c.account != null ? c.account : c.nick;
        if (!accounts.hasStore()) {
            notice(c, "No account store on this server");
            return;
        }
        accounts.store().get(CaseMapping.fold(name), accounts.loop()::execute, (Account a, Throwable error) -> {
            if (a == null) {
                notice(c, "No such account: " + name);
                return;
            }
            boolean own = AccountService.isLoggedInAs(c, a.name());
            notice(c, "Account: " + a.display());
            notice(c, "Registered: " + Instant.ofEpochMilli(a.createdMillis()));
            notice(c, "Nicks: " + String.join(" ", a.nicks()));
            if (own) notice(c, "Certificates: " + (a.certificates().isEmpty() ? "none" : String.join(" ", a.certificates())));
        });
    }

    // DROP <account>
    private void drop(Client c, String[] w) {
        if (!requireStoreLogin(c)) return;
        if (w.length < 2 || !AccountService.isLoggedInAs(c, w[1])) {
            notice(c, "To delete your account and free its nicks, type: /msg " + NICK + " DROP " + c.account);
            return;
        }
        dropAccount(c, c.account);
    }

    /** Deletes {@code account} and logs out everyone logged in to it; {@code c} is told the outcome. */
    private void dropAccount(Client c, String account) {
        if (!accounts.hasStore()) {
            notice(c, "No account store on this server");
            return;
        }
        accounts.drop(account, ok -> {
            if (!ok) {
                notice(c, "No account " + account + " in the store (accounts from the accounts file are read-only)");
                return;
            }
            if (!AccountService.isLoggedInAs(c, account)) notice(c, "Account " + account + " deleted");
            for (Client u : users.all()) {
                if (AccountService.isLoggedInAs(u, account)) {
                    notice(u, "The account " + account + " has been deleted");
                    accounts.loggedOut(u);
                }
            }
        });
    }

    // SAREGISTER <account> <password>: an operator registers an account for someone (no throttle, no login)
    private void saRegister(Client c, String[] w) {
        if (!c.oper) {
            notice(c, "Operators only");
        } else if (w.length < 3) {
            notice(c, "Syntax: SAREGISTER <account> <password>");
        } else if (!registration.validName(w[1])) {
            notice(c, "Account names follow the rules for nicks");
        } else if (w[2].length() < AccountService.MIN_PASSWORD || w[2].length() > AccountService.MAX_PASSWORD) {
            notice(c, "Passwords need " + AccountService.MIN_PASSWORD + " to " + AccountService.MAX_PASSWORD + " characters");
        } else {
            LocalUser local = LocalUser.of(c);
            if (local != null) local.flood.hold(); // the operator's next line waits for the answer, as after OPER
            accounts.create(w[1], w[2], created -> {
                if (local != null) local.flood.release();
                notice(c, switch (created) {
                    case CREATED -> "Account " + w[1] + " registered";
                    case EXISTS -> "The account " + w[1] + " already exists";
                    default -> "The account store is busy; try again";
                });
            });
        }
    }

    boolean requireStoreLogin(Client c) {
        if (c.account == null) {
            notice(c, "You must be logged in to do that");
            return false;
        }
        if (!accounts.hasStore()) {
            notice(c, "Your account is read-only here (from the accounts file); ask an operator");
            return false;
        }
        return true;
    }

    AccountService accounts() {
        return accounts;
    }
}

package chatjar.server.accounts;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.NameRules;
import chatjar.server.Replies;
import chatjar.server.handlers.Registrar;
import chatjar.state.Client;

/**
 * IRCv3 {@code draft/account-registration}: {@code REGISTER <account> <email> <password>} (allowed before the
 * connection is registered: the cap says {@code before-connect}) and {@code VERIFY}, answered with FAIL since no
 * email verification is configured. The account name is the nick ({@code *} or the nick itself). NickServ's
 * REGISTER goes through {@link #register} too, so both paths apply the same rules and throttle.
 */
public final class RegisterHandlers {
    /** The outcome of a registration: {@code code} null on success, else the spec's FAIL code. */
    public interface Outcome {
        void done(String code, String account, String message);
    }

    private final Replies out;
    private final AccountService accounts;
    private final NameRules names;
    private final Registrar registrar;
    private final String serverName;

    public RegisterHandlers(Replies out, AccountService accounts, NameRules names, Registrar registrar, String serverName) {
        this.out = out;
        this.accounts = accounts;
        this.names = names;
        this.registrar = registrar;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("REGISTER", 3, true, this::registerCommand);
        t.add("VERIFY", 2, true, this::verify);
    }

    // REGISTER <account> {<email> | "*"} <password>
    private void registerCommand(Client c, Message m) {
        register(c, m.param(0), m.param(2), (code, account, message) -> {
            if (code == null) out.send(c, ":" + serverName + " REGISTER SUCCESS " + account + " :" + message);
            else fail(c, "REGISTER", code, account, message);
        });
    }

    // VERIFY <account> <code>
    private void verify(Client c, Message m) {
        fail(c, "VERIFY", "INVALID_CODE", m.param(0), "This server does not verify email addresses: nothing to verify");
    }

    /**
     * Registers {@code account} ({@code *}: the nick) with {@code password} and logs {@code c} in to it. Checks,
     * in the spec's order, then counts against the network's throttle and asks the store (off the loop); the
     * connection's registration waits for the answer.
     */
    public void register(Client c, String account, String password, Outcome outcome) {
        LocalUser local = LocalUser.of(c);
        String name = account.equals("*") ? c.nick : account;
        String shown = name == null ? "*" : name;
        if (!accounts.hasStore()) {
            outcome.done("TEMPORARILY_UNAVAILABLE", shown, "This server has no account store");
        } else if (c.account != null) {
            outcome.done("ALREADY_AUTHENTICATED", c.account, "You are already logged in as " + c.account);
        } else if (name == null) {
            outcome.done("NEED_NICK", "*", "Choose a nick first: the account is named after it");
        } else if (!validName(name)) {
            outcome.done("BAD_ACCOUNT_NAME", shown, "Account names follow the rules for nicks");
        } else if (c.nick != null && !CaseMapping.fold(name).equals(CaseMapping.fold(c.nick))) {
            outcome.done("ACCOUNT_NAME_MUST_BE_NICK", shown, "The account name must be your current nick");
        } else if (password.length() < AccountService.MIN_PASSWORD) {
            outcome.done("WEAK_PASSWORD", shown, "Passwords need at least " + AccountService.MIN_PASSWORD + " characters");
        } else if (password.length() > AccountService.MAX_PASSWORD || password.isBlank()) {
            outcome.done("UNACCEPTABLE_PASSWORD", shown, "That password is not acceptable");
        } else if (local.saslVerifying) {
            outcome.done("TEMPORARILY_UNAVAILABLE", shown, "Another account request is still running");
        } else if (!accounts.registrations().allow(local.address())) {
            outcome.done("TEMPORARILY_UNAVAILABLE", shown, "Too many registrations from your network; try again later");
        } else {
            local.saslVerifying = true;
            local.flood.hold(); // lines after REGISTER (a PING, CAP END) wait for its answer, as after OPER
            accounts.create(name, password, created -> {
                local.saslVerifying = false;
                local.flood.release();
                if (!local.link.isOpen()) return;
                switch (created) {
                    case CREATED -> {
                        local.sasl = null;
                        outcome.done(null, name, "Account created");
                        accounts.loggedIn(c, name);
                    }
                    case EXISTS -> outcome.done("ACCOUNT_EXISTS", name, "That account already exists");
                    default -> outcome.done("TEMPORARILY_UNAVAILABLE", name, "The account store is busy; try again");
                }
                registrar.tryRegister(c);
            });
        }
    }

    /** Account names follow the rules for nicks, and NickServ's own is taken. */
    public boolean validName(String name) {
        return names.validNick(name) && !NickServ.NICK.equalsIgnoreCase(name);
    }

    private void fail(Client c, String command, String code, String account, String message) {
        out.send(c, ":" + serverName + " FAIL " + command + " " + code + " " + account + " :" + message);
    }
}

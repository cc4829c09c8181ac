package chatjar.server.accounts;

import chatjar.server.Commands;
import chatjar.server.NameRules;
import chatjar.server.Replies;
import chatjar.server.handlers.Messaging;
import chatjar.server.handlers.Nicks;
import chatjar.server.handlers.Registrar;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.state.Users;

/**
 * Wires registration, NickServ and nick ownership into the server when it has an account store: the commands,
 * Messaging's service hook, and the two moments a nick is taken (the welcome, a relayed NICK).
 */
public final class AccountsSetup {
    private AccountsSetup() {}

    /** Returns the nick guard (its grace period is configurable), or null without a store. */
    public static NickGuard install(AccountService accounts, Commands commands, Replies out, Users users, NameRules names,
                                    Registrar registrar, Nicks nicks, Messaging messaging, Relay relay, String serverName) {
        if (!accounts.hasStore()) return null;
        RegisterHandlers registration = new RegisterHandlers(out, accounts, names, registrar, serverName);
        registration.register(commands);
        NickGuard guard = new NickGuard(accounts, users, nicks);
        NickServ nickServ = new NickServ(out, users, accounts, registration, guard, nicks, accounts.loop().nowMillis());
        messaging.setService(nickServ);
        registrar.onRegistered(guard::check);
        relay.addListener(e -> {
            if (e.kind() == Kind.NICK && e.source() != null) guard.check(e.source());
        });
        return guard;
    }
}

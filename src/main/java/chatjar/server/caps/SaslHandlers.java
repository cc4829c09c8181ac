package chatjar.server.caps;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.net.Scheduler;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.auth.HashWorker;
import chatjar.server.handlers.Registrar;
import chatjar.server.limits.LoginThrottle;
import chatjar.state.Client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static chatjar.irc.Numerics.*;

/**
 * SASL PLAIN against the {@link Accounts} file: {@code AUTHENTICATE PLAIN}, {@code +}, then the base64
 * {@code authzid\0authcid\0password} in 400-byte chunks. The PBKDF2 check runs on the {@link HashWorker} and
 * the answer returns to the loop; until then the exchange is locked so it cannot be restarted or raced.
 */
public final class SaslHandlers {
    /** PLAIN carries two names and a password; anything longer than this is not a login attempt. */
    private static final int MAX_PAYLOAD = 1200;
    private static final int CHUNK = 400;

    private final Replies out;
    private final Relay relay;
    private final AccountStore accounts;
    private final HashWorker hashes;
    private final Registrar registrar;
    private final Scheduler clock;

    /** Per account name, whether or not it exists (see LoginThrottle). */
    private final LoginThrottle throttle = new LoginThrottle();

    public SaslHandlers(Replies out, Relay relay, AccountStore accounts, HashWorker hashes, Registrar registrar,
                        Scheduler clock) {
        this.out = out;
        this.relay = relay;
        this.accounts = accounts;
        this.hashes = hashes;
        this.registrar = registrar;
        this.clock = clock;
    }

    public void register(Commands t) {
        t.add("AUTHENTICATE", 1, true, this::authenticate);
    }

    // AUTHENTICATE <mechanism> | AUTHENTICATE <base64 chunk>|+ | AUTHENTICATE *
    private void authenticate(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        Accounts accounts = this.accounts.get();
        String arg = m.param(0);
        if (accounts == null || !Cap.SASL.in(local.caps)) {
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        if (local.saslVerifying) return; // one attempt at a time; the answer is on its way
        if (c.account != null) {
            out.numeric(c, ERR_SASLALREADY, "You have already authenticated using SASL");
            return;
        }
        if (arg.equals("*")) {
            local.saslBuffer = null;
            out.numeric(c, ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        if (local.saslBuffer == null) {
            if (!arg.equalsIgnoreCase("PLAIN")) {
                out.numeric(c, RPL_SASLMECHS, "PLAIN", "are available SASL mechanisms");
                out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
                return;
            }
            local.saslBuffer = new StringBuilder();
            out.send(c, "AUTHENTICATE +");
            return;
        }
        if (!arg.equals("+")) local.saslBuffer.append(arg);
        if (local.saslBuffer.length() > MAX_PAYLOAD) {
            local.saslBuffer = null;
            out.numeric(c, ERR_SASLTOOLONG, "SASL message too long");
            return;
        }
        if (arg.length() == CHUNK) return; // a full chunk means more follows (or a lone "+")
        String payload = local.saslBuffer.toString();
        local.saslBuffer = null;
        plain(c, accounts, payload);
    }

    private void plain(Client c, Accounts accounts, String payload) {
        LocalUser local = LocalUser.of(c);
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        Accounts.Account account = parts.length == 3 ? accounts.find(parts[1]) : null;
        boolean authzOk = parts.length == 3 && (parts[0].isEmpty() || parts[0].equals(parts[1]));
        // An unknown name is checked against some other hash, so the answer's timing does not tell which exist.
        String hash = account != null ? account.hash() : accounts.anyHash();
        if (!authzOk || hash == null) {
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        String key = parts[1];
        if (throttle.locked(key, clock.nowMillis())) {
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        local.saslVerifying = true;
        hashes.verify(hash, parts[2], result -> {
            // The store may have been replaced while the hash was checked (REHASH): the login stands only if the
            // account is still there with the password that was checked, and sasl is still offered.
            Accounts now = this.accounts.get();
            Accounts.Account current = now == null || account == null ? null : now.find(account.name());
            boolean ok = result && current != null && current.hash().equals(account.hash()) && Cap.SASL.in(local.caps);
            local.saslVerifying = false;
            if (!ok) throttle.failed(key, clock.nowMillis());
            if (!local.link.isOpen()) return;
            if (ok) loggedIn(c, account.name());
            else out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            registrar.tryRegister(c); // CAP END may have arrived while the hash was checked
        });
    }

    private void loggedIn(Client c, String account) {
        c.account = account;
        String mask = c.target() + "!" + (c.user == null ? "*" : c.user) + "@" + c.host;
        out.numeric(c, RPL_LOGGEDIN, mask, account, "You are now logged in as " + account);
        out.numeric(c, RPL_SASLSUCCESS, "SASL authentication successful");
        if (c.registered) {
            relay.toPeers(relay.event(Kind.ACCOUNT, c, null, ":" + c.prefix() + " ACCOUNT " + account, null, null,
                    Cap.ACCOUNT_NOTIFY), c, false, true);
        }
    }
}

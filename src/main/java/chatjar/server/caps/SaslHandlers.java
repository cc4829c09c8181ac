package chatjar.server.caps;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.accounts.AccountService;
import chatjar.server.handlers.Registrar;
import chatjar.state.Client;
import chatjar.store.scram.ScramServer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static chatjar.irc.Numerics.*;

/**
 * SASL: {@code AUTHENTICATE <mechanism>}, {@code +}, then base64 in 400-byte chunks.
 * <ul>
 *   <li>PLAIN: {@code authzid\0authcid\0password}, checked by the {@link AccountService} off the loop (the store,
 *       then the {@code --accounts} file).</li>
 *   <li>SCRAM-SHA-256: one {@link ScramServer} per attempt; the stored keys are fetched between client-first and
 *       server-first, the proof is a few HMACs on the loop, and the client's empty answer to server-final ends it.</li>
 *   <li>EXTERNAL: the TLS client certificate's fingerprint, registered with NickServ CERT ADD.</li>
 * </ul>
 * While the store answers, the exchange is locked ({@link LocalUser#saslVerifying}) so it cannot be restarted or
 * raced, and registration waits for it. Failed checks count per account name ({@link AccountService#throttle}).
 */
public final class SaslHandlers {
    /** PLAIN carries two names and a password, SCRAM a nonce and a proof; anything longer is not a login. */
    private static final int MAX_PAYLOAD = 1200;
    private static final int CHUNK = 400;
    public static final String PLAIN = "PLAIN";
    public static final String SCRAM = "SCRAM-SHA-256";
    public static final String EXTERNAL = "EXTERNAL";

    private final Replies out;
    private final AccountService accounts;
    private final Registrar registrar;

    public SaslHandlers(Replies out, AccountService accounts, Registrar registrar) {
        this.out = out;
        this.accounts = accounts;
        this.registrar = registrar;
    }

    public void register(Commands t) {
        t.add("AUTHENTICATE", 1, true, this::authenticate);
    }

    /** The {@code sasl=} value: PLAIN alone for the file (its hashes serve PLAIN), all three with a store. */
    public static String mechanisms(boolean store) {
        return store ? PLAIN + "," + SCRAM + "," + EXTERNAL : PLAIN;
    }

    // AUTHENTICATE <mechanism> | AUTHENTICATE <base64 chunk>|+ | AUTHENTICATE *
    private void authenticate(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        String arg = m.param(0);
        if (!accounts.offered() || !Cap.SASL.in(local.caps)) {
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        if (local.saslVerifying) return; // one attempt at a time; the answer is on its way
        if (c.account != null) {
            out.numeric(c, ERR_SASLALREADY, "You have already authenticated using SASL");
            return;
        }
        if (arg.equals("*")) {
            local.sasl = null;
            out.numeric(c, ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        SaslExchange ex = local.sasl;
        if (ex == null) {
            start(c, local, arg);
            return;
        }
        if (!arg.equals("+")) ex.buffer.append(arg);
        if (ex.buffer.length() > MAX_PAYLOAD) {
            local.sasl = null;
            out.numeric(c, ERR_SASLTOOLONG, "SASL message too long");
            return;
        }
        if (arg.length() == CHUNK) return; // a full chunk means more follows (or a lone "+")
        String payload = ex.buffer.toString();
        ex.buffer.setLength(0);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            fail(c, null);
            return;
        }
        switch (ex.mechanism) {
            case PLAIN -> plain(c, decoded);
            case SCRAM -> scram(c, ex, decoded);
            default -> external(c, decoded);
        }
    }

    private void start(Client c, LocalUser local, String mechanism) {
        String mech = mechanism.toUpperCase(java.util.Locale.ROOT);
        boolean known = mech.equals(PLAIN) || ((mech.equals(SCRAM) || mech.equals(EXTERNAL)) && accounts.hasStore());
        if (!known) {
            out.numeric(c, RPL_SASLMECHS, mechanisms(accounts.hasStore()), "are available SASL mechanisms");
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        if (mech.equals(EXTERNAL) && local.certificateFingerprint() == null) {
            out.numeric(c, ERR_SASLFAIL, "SASL authentication failed: no TLS client certificate");
            return;
        }
        local.sasl = new SaslExchange(mech);
        out.send(c, "AUTHENTICATE +");
    }

    private void plain(Client c, String decoded) {
        LocalUser local = LocalUser.of(c);
        String[] parts = decoded.split("\0", -1);
        boolean ok = parts.length == 3 && !parts[1].isEmpty() && (parts[0].isEmpty() || parts[0].equals(parts[1]))
                && parts[2].length() <= AccountService.MAX_PASSWORD;
        if (!ok || accounts.throttle().locked(parts[1], accounts.loop().nowMillis())) {
            fail(c, null);
            return;
        }
        String name = parts[1];
        local.saslVerifying = true;
        accounts.checkPassword(name, parts[2], account -> {
            local.saslVerifying = false;
            local.sasl = null;
            if (account == null) accounts.throttle().failed(name, accounts.loop().nowMillis());
            if (!local.link.isOpen()) return;
            // sasl may have stopped being offered (a REHASH removed the file) while the hash was checked.
            if (account != null && Cap.SASL.in(local.caps) && accounts.offered()) succeed(c, account);
            else fail(c, null);
            registrar.tryRegister(c); // CAP END may have arrived while the hash was checked
        });
    }

    private void scram(Client c, SaslExchange ex, String message) {
        LocalUser local = LocalUser.of(c);
        try {
            switch (ex.step) {
                case 0 -> {
                    ex.scram = new ScramServer();
                    String user = ex.scram.clientFirst(message);
                    String authz = ex.scram.authzid();
                    if ((authz != null && !authz.equals(user)) || accounts.throttle().locked(user, accounts.loop().nowMillis())) {
                        fail(c, null);
                        return;
                    }
                    local.saslVerifying = true;
                    accounts.scramCredentials(user, found -> {
                        local.saslVerifying = false;
                        if (!local.link.isOpen() || local.sasl != ex) return;
                        ex.account = found == null ? null : found.display();
                        ex.step = 1;
                        String first = ex.scram.serverFirst(found == null ? null : found.credentials());
                        out.send(c, "AUTHENTICATE " + base64(first));
                        registrar.tryRegister(c);
                    });
                }
                case 1 -> {
                    String user = ex.scram.username();
                    String serverFinal;
                    try {
                        serverFinal = ex.scram.clientFinal(message);
                    } catch (ScramServer.Failure f) {
                        accounts.throttle().failed(user, accounts.loop().nowMillis());
                        throw f;
                    }
                    ex.step = 2;
                    out.send(c, "AUTHENTICATE " + base64(serverFinal));
                }
                default -> {
                    local.sasl = null;
                    succeed(c, ex.account);
                }
            }
        } catch (ScramServer.Failure f) {
            fail(c, f.error());
        }
    }

    private void external(Client c, String authzid) {
        LocalUser local = LocalUser.of(c);
        String fingerprint = local.certificateFingerprint();
        local.saslVerifying = true;
        accounts.findByCertificate(fingerprint, account -> {
            local.saslVerifying = false;
            local.sasl = null;
            if (!local.link.isOpen()) return;
            boolean ok = account != null && (authzid.isEmpty() || CaseMapping.fold(authzid).equals(CaseMapping.fold(account)));
            if (ok) succeed(c, account);
            else fail(c, null);
            registrar.tryRegister(c);
        });
    }

    private void succeed(Client c, String account) {
        accounts.loggedIn(c, account);
        out.numeric(c, RPL_SASLSUCCESS, "SASL authentication successful");
    }

    private void fail(Client c, String why) {
        LocalUser.of(c).sasl = null;
        out.numeric(c, ERR_SASLFAIL, why == null ? "SASL authentication failed" : "SASL authentication failed: " + why);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

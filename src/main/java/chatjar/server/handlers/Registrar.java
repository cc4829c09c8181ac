package chatjar.server.handlers;

import chatjar.server.LocalUser;
import chatjar.server.Network;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Monitor;
import chatjar.state.Client;
import chatjar.state.Users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/**
 * Completes registration once everything it waits for is in: NICK and USER, the end of CAP negotiation, a SASL
 * check running on the worker. Each of those (NICK, USER, CAP END, the SASL answer) asks here.
 */
public final class Registrar {
    private final Replies out;
    private final Users users;
    private final Supplier<ServerConfig> config;
    private final Welcome welcome;
    private final Monitor monitor;
    private final Supplier<Network> network;
    /** Told of each client once it is welcomed (nick ownership checks its nick). */
    private java.util.function.Consumer<Client> registered = c -> { };

    public Registrar(Replies out, Users users, Supplier<ServerConfig> config, Welcome welcome, Monitor monitor,
                     Supplier<Network> network) {
        this.out = out;
        this.users = users;
        this.config = config;
        this.welcome = welcome;
        this.monitor = monitor;
        this.network = network;
    }

    public void onRegistered(java.util.function.Consumer<Client> listener) {
        this.registered = listener;
    }

    public void tryRegister(Client c) {
        LocalUser local = LocalUser.of(c);
        // A SASL check still running on the worker holds registration too: the welcome must carry the login.
        if (c.registered || c.nick == null || c.user == null || local.capNegotiating || local.saslVerifying) return;
        String expected = config.get().password();
        if (expected != null && (local.passwordGiven == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), local.passwordGiven.getBytes(StandardCharsets.UTF_8)))) {
            out.numeric(c, ERR_PASSWDMISMATCH, "Password incorrect");
            out.closeWithError(c, "Bad password");
            return;
        }
        local.passwordGiven = null;
        users.markRegistered(c);
        c.signonSeconds = System.currentTimeMillis() / 1000;
        welcome.welcome(c);
        monitor.online(c);
        network.get().registered(c);
        registered.accept(c);
    }
}

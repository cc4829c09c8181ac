package chatjar.server.handlers;

import chatjar.irc.CaseMapping;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.Relay;
import chatjar.server.LocalUser;
import chatjar.server.Network;
import chatjar.server.Replies;
import chatjar.server.caps.Monitor;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/**
 * Taking a nick: NICK, and plain mode's /nick. Before registration it may complete it. In a cluster the nick is
 * claimed network-wide first: the client's further lines wait (its FloodGate is held) until the answer is in.
 */
public final class Nicks {
    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final Registrar registrar;
    private final Monitor monitor;
    private final WhowasHandler whowas;
    private final Supplier<Network> network;

    public Nicks(Replies out, Relay relay, Users users, Registrar registrar, Monitor monitor, WhowasHandler whowas,
                 Supplier<Network> network) {
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.registrar = registrar;
        this.monitor = monitor;
        this.whowas = whowas;
        this.network = network;
    }

    /** Checks uniqueness (the caller checked the syntax), claims the nick and relays the change. */
    public void change(Client c, String nick) {
        if (nick.equals(c.nick)) return;
        if (users.isTaken(nick, c)) {
            out.numeric(c, ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }
        Network net = network.get();
        LocalUser u = LocalUser.of(c);
        if (net.alone() || u == null) {
            take(c, nick);
            return;
        }
        u.flood.hold();
        String label = out.takeLabel(u); // the answer comes later: its NICK (or 433) carries the label then
        net.claimNick(c, nick, ok -> {
            u.flood.release();
            if (!u.isOpen()) return; // its disconnect released the claim
            out.answerLabeled(u, label, () -> {
                if (!ok || users.isTaken(nick, c)) out.numeric(c, ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
                else if (!nick.equals(c.nick)) take(c, nick);
            });
        });
    }

    private void take(Client c, String nick) {
        if (!c.registered) {
            users.rename(c, nick);
            registrar.tryRegister(c);
            return;
        }
        RelayEvent e = relay.event(Kind.NICK, c, null, ":" + c.prefix() + " NICK :" + nick); // the old prefix
        String old = c.nick;
        // Only the case changed (qux -> QUX): the same nick stays online and nobody else could have taken it.
        boolean sameNick = CaseMapping.equals(old, nick);
        if (!sameNick) whowas.remember(c);
        users.rename(c, nick);
        relay.toPeers(e, c, true, false);
        if (sameNick) return;
        monitor.offline(old);
        monitor.online(c);
    }
}

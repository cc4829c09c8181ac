package chatjar.server.caps;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.state.Client;
import chatjar.state.Users;

import static chatjar.irc.Numerics.*;

/**
 * CHGHOST, the operator command that gives a user a new user@host (a cloak), and its IRCv3 notification: peers
 * with the chghost capability see {@code :old!mask CHGHOST user host}; others see nothing, as the spec allows.
 */
public final class ChghostHandler {
    private static final int MAX_PART = 63;

    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final String serverName;
    private final java.util.function.Supplier<chatjar.server.Network> network;

    public ChghostHandler(Replies out, Relay relay, Users users, String serverName,
                          java.util.function.Supplier<chatjar.server.Network> network) {
        this.network = network;
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("CHGHOST", 3, false, this::chghost);
    }

    // CHGHOST <nick> <user> <host>
    private void chghost(Client c, Message m) {
        if (!c.oper) {
            out.numeric(c, ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
            return;
        }
        Client target = users.find(m.param(0));
        if (target == null || !target.registered) {
            out.numeric(c, ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
            return;
        }
        String user = m.param(1);
        String host = m.param(2);
        if (!valid(user) || !valid(host)) {
            out.send(c, ":" + serverName + " FAIL CHGHOST INVALID_HOST " + target.nick + " :Invalid user or host");
            return;
        }
        // A user of another node changes there, which relays it to every node, this one included.
        if (!network.get().chghost(target, user, host)) change(relay, target, user, host);
        if (target != c) out.serverNotice(c, "Changed the host of " + target.nick + " to " + user + "@" + host);
    }

    /** Gives a local user a new user@host and tells its peers (with chghost) and the other nodes. */
    public static void change(Relay relay, Client target, String user, String host) {
        // Peers know the user by the old mask, so the event is made before the change.
        RelayEvent e = relay.event(Kind.CHGHOST, target, null, ":" + target.prefix() + " CHGHOST " + user + " " + host,
                null, null, Cap.CHGHOST);
        target.user = user;
        target.host = host;
        relay.toPeers(e, target, true, true);
    }

    /** Must be one word that cannot break a prefix or a parameter. */
    private static boolean valid(String s) {
        if (s.isEmpty() || s.length() > MAX_PART || s.charAt(0) == ':') return false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= ' ' || ch >= 127 || ch == '!' || ch == '@' || ch == ',' || ch == '*' || ch == '?') return false;
        }
        return true;
    }
}

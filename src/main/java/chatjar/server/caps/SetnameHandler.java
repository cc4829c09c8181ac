package chatjar.server.caps;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.state.Client;
import chatjar.state.Users;

/** SETNAME (IRCv3 setname): change one's realname; errors are standard-replies FAILs. */
public final class SetnameHandler {
    /** Same cap as USER applies at registration. */
    static final int MAX_REALNAME = 100;

    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final String serverName;

    public SetnameHandler(Replies out, Relay relay, Users users, String serverName) {
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("SETNAME", 1, false, this::setname);
    }

    // SETNAME :<realname>
    private void setname(Client c, Message m) {
        String name = m.param(0);
        if (name.isEmpty() || name.length() > MAX_REALNAME) {
            out.send(c, ":" + serverName + " FAIL SETNAME INVALID_REALNAME :Realname is not valid");
            return;
        }
        c.realname = name;
        relay.toPeers(relay.event(Kind.SETNAME, c, null, ":" + c.prefix() + " SETNAME :" + name, null, null, Cap.SETNAME),
                c, true, true);
    }
}

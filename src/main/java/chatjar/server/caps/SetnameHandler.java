package chatjar.server.caps;

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
    private final Users users;
    private final Monitor monitor;
    private final String serverName;

    public SetnameHandler(Replies out, Users users, Monitor monitor, String serverName) {
        this.out = out;
        this.users = users;
        this.monitor = monitor;
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
        Outgoing o = out.relay(c, ":" + c.prefix() + " SETNAME :" + name, null, null, Cap.SETNAME);
        out.toPeers(c, o, true, users);
        monitor.toWatchers(c, o);
    }
}

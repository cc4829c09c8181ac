package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.state.Client;

/** SETNAME (IRCv3 setname): change one's realname; errors are standard-replies FAILs. */
public final class SetnameHandler {
    /** Same cap as USER applies at registration. */
    static final int MAX_REALNAME = 100;

    private final ChatServer server;
    private final Replies out;

    public SetnameHandler(ChatServer server) {
        this.server = server;
        this.out = server.replies();
    }

    public void register(Commands t) {
        t.add("SETNAME", 1, false, this::setname);
    }

    // SETNAME :<realname>
    private void setname(Client c, Message m) {
        String name = m.param(0);
        if (name.isEmpty() || name.length() > MAX_REALNAME) {
            out.send(c, ":" + server.name() + " FAIL SETNAME INVALID_REALNAME :Realname is not valid");
            return;
        }
        c.realname = name;
        Outgoing o = out.relay(c, ":" + c.prefix() + " SETNAME :" + name, null, null, Cap.SETNAME);
        out.toPeers(c, o, true, server.users());
        server.monitor().toWatchers(c, o);
    }
}

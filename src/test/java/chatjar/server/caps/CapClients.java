package chatjar.server.caps;

import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;

/** Registers test clients that negotiate capabilities first, the way modern clients do. */
final class CapClients {
    private CapClients() {}

    static IrcTestClient register(TestServer server, String nick, String caps) {
        IrcTestClient c = server.connect();
        c.nick = nick;
        c.send("CAP LS 302");
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :Test " + nick);
        c.expect("CAP", "*", "LS");
        c.send("CAP REQ :" + caps);
        c.expect("CAP", "*", "ACK", caps);
        c.send("CAP END");
        c.expect("001");
        c.expectAny("376", "422");
        return c;
    }
}

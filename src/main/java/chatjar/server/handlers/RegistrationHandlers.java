package chatjar.server.handlers;

import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.NameRules;
import chatjar.server.Replies;
import chatjar.state.Client;

import static chatjar.irc.Numerics.*;

/** Connection registration and keep-alive (CAP lives in chatjar.server.caps): PASS, NICK, USER, PING, PONG, QUIT. */
public final class RegistrationHandlers {
    private final Replies out;
    private final NameRules names;
    private final Nicks nicks;
    private final Registrar registrar;
    private final String serverName;

    public RegistrationHandlers(Replies out, NameRules names, Nicks nicks, Registrar registrar, String serverName) {
        this.out = out;
        this.names = names;
        this.nicks = nicks;
        this.registrar = registrar;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("PASS", 1, true, this::pass);
        t.add("NICK", 0, true, this::nick);
        t.add("USER", 4, true, this::user);
        t.add("PING", 1, true, this::ping);
        t.add("PONG", 0, true, (c, m) -> { });
        t.add("QUIT", 0, true, this::quit);
    }

    // PASS <password>
    private void pass(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        if (c.registered) {
            out.numeric(c, ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        local.passwordGiven = m.param(0);
    }

    // NICK <nickname>
    private void nick(Client c, Message m) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            out.numeric(c, ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        String nick = m.param(0);
        if (!names.validNick(nick)) {
            out.numeric(c, ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        nicks.change(c, nick);
    }

    // USER <username> <mode> <unused> :<realname>
    private void user(Client c, Message m) {
        if (c.registered) {
            out.numeric(c, ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        if (m.param(3).isEmpty()) { // "USER name * * :" gives no realname: as if the parameter were missing
            out.numeric(c, ERR_NEEDMOREPARAMS, "USER", "Not enough parameters");
            return;
        }
        String u = m.param(0);
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < u.length() && clean.length() < 10; i++) {
            char ch = u.charAt(i);
            if (ch > ' ' && ch != '@' && ch != '!' && ch < 127) clean.append(ch);
        }
        c.user = ("~" + (clean.length() == 0 ? "user" : clean)).intern();
        String real = m.param(3);
        c.realname = (real.length() > 100 ? real.substring(0, 100) : real).intern();
        registrar.tryRegister(c);
    }

    // PING <token>
    private void ping(Client c, Message m) {
        out.send(c, ":" + serverName + " PONG " + serverName + " :" + m.param(0));
    }

    // QUIT [<reason>]
    private void quit(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        String reason = m.paramCount() > 0 ? "Quit: " + m.param(0) : "Client Quit";
        if (reason.length() > 300) reason = reason.substring(0, 300);
        out.send(c, "ERROR :Closing Link: " + c.host + " (" + reason + ")");
        local.link.close(reason);
    }
}

package chatjar.server.handlers;

import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.state.Channel;
import chatjar.server.state.Client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PRIVMSG, NOTICE and AWAY. */
public final class MessageHandlers {
    private static final Logger log = LoggerFactory.getLogger("chatjar.messages");
    private final ChatServer server;
    private final Replies out;
    private final ServerConfig.Limits limits;

    public MessageHandlers(ChatServer server) {
        this.server = server;
        this.out = server.replies();
        this.limits = server.config().limits();
    }

    public void register(Commands t) {
        t.add("PRIVMSG", 0, false, (c, m) -> message(c, m, "PRIVMSG"));
        t.add("NOTICE", 0, false, (c, m) -> message(c, m, "NOTICE"));
        t.add("AWAY", 0, false, this::away);
    }

    // PRIVMSG <target>{,<target>} <text to be sent>
    private void message(Client c, Message m, String verb) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            out.numeric(c, "411", "No recipient given (" + verb + ")");
            return;
        }
        if (m.paramCount() < 2 || m.param(1).isEmpty()) {
            out.numeric(c, "412", "No text to send");
            return;
        }
        String[] targets = m.param(0).split(",");
        if (targets.length > limits.maxTargets()) {
            out.numeric(c, "407", m.param(0), "Too many recipients. Only " + limits.maxTargets() + " processed");
            return;
        }
        for (String t : targets) {
            if (!t.isEmpty()) deliver(c, verb, t, m.param(1));
        }
        c.lastMessageAt = server.now();
    }

    /** Sends one message to one target; shared with plain mode, whose lines are PRIVMSGs. */
    public void deliver(Client c, String verb, String target, String text) {
        char first = target.charAt(0);
        if (first == '#' || ((first == '@' || first == '+') && target.length() > 1 && target.charAt(1) == '#')) {
            toChannel(c, verb, target, text);
            return;
        }
        Client to = server.users().find(target);
        if (to == null || !to.registered) {
            out.numeric(c, "401", target, "No such nick/channel");
            return;
        }
        out.send(to, ":" + c.prefix() + " " + verb + " " + to.nick + " :" + text);
        if (to.away != null && verb.equals("PRIVMSG")) out.numeric(c, "301", to.nick, to.away);
    }

    private void toChannel(Client c, String verb, String target, String text) {
        // STATUSMSG: "@#chan" reaches only operators, "+#chan" voiced members and operators.
        int minFlags = 0;
        String name = target;
        if (target.charAt(0) != '#') {
            minFlags = target.charAt(0) == '@' ? Channel.OP : Channel.OP | Channel.VOICE;
            name = target.substring(1);
        }
        Channel ch = server.channels().find(name);
        if (ch == null) {
            out.numeric(c, "403", name, "No such channel");
            return;
        }
        boolean member = ch.has(c);
        if ((ch.noExternal && !member) || (ch.moderated && !ch.isVoiced(c)) || (!ch.isVoiced(c) && ch.isBanned(c))) {
            out.numeric(c, "404", ch.name, "Cannot send to channel");
            return;
        }
        if (c.plain) log.info("{} {} -> {}: {}", c.host, c.nick, ch.name, text);
        String line = ":" + c.prefix() + " " + verb + " " + target + " :" + text;
        if (minFlags == 0) {
            out.toChannel(ch, line, c);
            return;
        }
        for (Client m : ch.members()) {
            if (m != c && (ch.flags(m) & minFlags) != 0) out.send(m, line);
        }
    }

    // AWAY [<text>]
    private void away(Client c, Message m) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            c.away = null;
            out.numeric(c, "305", "You are no longer marked as being away");
        } else {
            String text = m.param(0);
            c.away = text.length() > limits.awayLen() ? text.substring(0, limits.awayLen()) : text;
            out.numeric(c, "306", "You have been marked as being away");
        }
    }
}

package chatjar.server.handlers;

import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.server.caps.Outgoing;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers one PRIVMSG, NOTICE or TAGMSG to one target; shared with plain mode, whose lines are PRIVMSGs. */
public final class Messaging {
    private static final Logger log = LoggerFactory.getLogger("chatjar.messages");

    private final Replies out;
    private final Users users;
    private final Channels channels;

    public Messaging(Replies out, Users users, Channels channels) {
        this.out = out;
        this.users = users;
        this.channels = channels;
    }

    /** {@code text} is null for TAGMSG, which reaches only message-tags clients. */
    public void deliver(Client c, String verb, String target, String text, String clientTags) {
        LocalUser local = LocalUser.of(c);
        char first = target.charAt(0);
        if (first == '#' || ((first == '@' || first == '+') && target.length() > 1 && target.charAt(1) == '#')) {
            toChannel(c, verb, target, text, clientTags);
            return;
        }
        Client to = users.find(target);
        if (to == null || !to.registered) {
            out.numeric(c, "401", target, "No such nick/channel");
            return;
        }
        Outgoing o = relay(c, verb, to.nick, text, clientTags);
        out.send(to, o);
        if (Cap.ECHO_MESSAGE.in(local.caps) && to != c) out.send(c, o);
        if (to.away != null && verb.equals("PRIVMSG")) out.numeric(c, "301", to.nick, to.away);
    }

    private Outgoing relay(Client c, String verb, String target, String text, String clientTags) {
        String line = ":" + c.prefix() + " " + verb + " " + target + (text == null ? "" : " :" + text);
        return out.relay(c, line, clientTags, null, text == null ? Cap.MESSAGE_TAGS : null);
    }

    private void toChannel(Client c, String verb, String target, String text, String clientTags) {
        LocalUser local = LocalUser.of(c);
        // STATUSMSG: "@#chan" reaches only operators, "+#chan" voiced members and operators.
        int minFlags = 0;
        String name = target;
        if (target.charAt(0) != '#') {
            minFlags = target.charAt(0) == '@' ? Channel.OP : Channel.OP | Channel.VOICE;
            name = target.substring(1);
        }
        Channel ch = channels.find(name);
        if (ch == null) {
            out.numeric(c, "403", name, "No such channel");
            return;
        }
        boolean member = ch.has(c);
        if ((ch.noExternal && !member) || (ch.moderated && !ch.isVoiced(c)) || (!ch.isVoiced(c) && ch.isBanned(c))) {
            out.numeric(c, "404", ch.name, "Cannot send to channel");
            return;
        }
        if (local.plain) log.info("{} {} -> {}: {}", c.host, c.nick, ch.name, text);
        Outgoing o = relay(c, verb, target, text, clientTags);
        if (Cap.ECHO_MESSAGE.in(local.caps)) out.send(c, o);
        if (minFlags == 0) {
            out.toChannel(ch, o, c);
            return;
        }
        for (Client m : ch.members()) {
            if (m != c && (ch.flags(m) & minFlags) != 0) out.send(m, o);
        }
    }
}

package chatjar.server.handlers;

import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.server.relay.Relay;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static chatjar.irc.Numerics.*;

/** Delivers one PRIVMSG, NOTICE or TAGMSG to one target; shared with plain mode, whose lines are PRIVMSGs. */
public final class Messaging {
    private static final Logger log = LoggerFactory.getLogger("chatjar.messages");

    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final Channels channels;

    /** A service (NickServ) that answers direct messages itself: they are handled there and never relayed. */
    public interface Service {
        /** True if {@code to} is the service and the message was taken. */
        boolean handles(Client from, Client to, Kind verb, String text);
    }

    private Service service = (from, to, verb, text) -> false;

    public Messaging(Replies out, Relay relay, Users users, Channels channels) {
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.channels = channels;
    }

    public void setService(Service s) {
        this.service = s;
    }

    /** {@code text} is null for TAGMSG, which reaches only message-tags clients. */
    public void deliver(Client c, Kind verb, String target, String text, String clientTags) {
        char first = target.charAt(0);
        if (first == '#' || ((first == '@' || first == '+') && target.length() > 1 && target.charAt(1) == '#')) {
            toChannel(c, verb, target, text, clientTags);
            return;
        }
        Client to = users.find(target);
        if (to == null || !to.registered) {
            out.numeric(c, ERR_NOSUCHNICK, target, "No such nick/channel");
            return;
        }
        if (to.local == null && service.handles(c, to, verb, text)) return;
        RelayEvent e = event(c, verb, to.nick, text, clientTags);
        if (to != c) relay.echo(e, c);
        relay.toUser(e, to);
        if (to.away != null && verb == Kind.PRIVMSG) out.numeric(c, RPL_AWAY, to.nick, to.away);
    }

    private RelayEvent event(Client c, Kind verb, String target, String text, String clientTags) {
        String line = ":" + c.prefix() + " " + verb + " " + target + (text == null ? "" : " :" + text);
        return relay.event(verb, c, target, line, clientTags, null, text == null ? Cap.MESSAGE_TAGS : null);
    }

    private void toChannel(Client c, Kind verb, String target, String text, String clientTags) {
        // STATUSMSG: "@#chan" reaches only operators, "+#chan" voiced members and operators.
        int minFlags = 0;
        String name = target;
        if (target.charAt(0) != '#') {
            minFlags = target.charAt(0) == '@' ? Channel.OP : Channel.OP | Channel.VOICE;
            name = target.substring(1);
        }
        Channel ch = channels.find(name);
        if (ch == null) {
            out.numeric(c, ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        boolean member = ch.has(c);
        if ((ch.noExternal && !member) || (ch.moderated && !ch.isVoiced(c)) || (!ch.isVoiced(c) && ch.isBanned(c))) {
            out.numeric(c, ERR_CANNOTSENDTOCHAN, ch.name, "Cannot send to channel");
            return;
        }
        LocalUser local = LocalUser.of(c);
        if (local != null && local.plain) log.info("{} {} -> {}: {}", c.host, c.nick, ch.name, text);
        RelayEvent e = event(c, verb, target, text, clientTags);
        relay.echo(e, c);
        if (minFlags == 0) relay.toChannel(e, ch, c);
        else relay.toChannel(e, ch, c, minFlags);
    }
}

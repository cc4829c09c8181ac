package chatjar.server.handlers;

import chatjar.irc.Utf8;
import chatjar.irc.Text;
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

/**
 * Delivers one PRIVMSG, NOTICE or TAGMSG to one target; shared with plain mode, whose lines are PRIVMSGs. A NOTICE
 * is never answered with an error (RFC 1459 4.4.2): it exists so that bots can talk without loops of replies.
 */
public final class Messaging {
    /** A relayed line, prefix and CRLF included but tags not, is at most this long (Modern IRC, "Message format"). */
    static final int MAX_LINE = 512;

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
            refuse(c, verb, ERR_NOSUCHNICK, target, "No such nick/channel");
            return;
        }
        if (to.local == null && service.handles(c, to, verb, text)) return;
        RelayEvent e = event(c, verb, to.nick, text, clientTags);
        if (to == c) {
            relay.toSelf(e, c);
            return;
        }
        relay.echo(e, c);
        relay.toUser(e, to);
        if (to.away != null && verb == Kind.PRIVMSG) out.numeric(c, RPL_AWAY, to.nick, to.away);
    }

    private RelayEvent event(Client c, Kind verb, String target, String text, String clientTags) {
        String head = ":" + c.prefix() + " " + verb + " " + target;
        // The client's 512 bytes did not include the prefix we add: cut the text so the relayed line fits, as
        // InspIRCd and Solanum do, rather than send a line that strict clients and servers would drop.
        if (text != null) text = Utf8.truncate(text, MAX_LINE - 2 - 2 - Utf8.length(head));
        String line = head + (text == null ? "" : " :" + text);
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
            refuse(c, verb, ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        boolean member = ch.has(c);
        if ((ch.noExternal && !member) || (ch.moderated && !ch.isVoiced(c)) || (!ch.isVoiced(c) && ch.isQuieted(c))
                || (ch.noCtcp && isCtcp(text))) {
            refuse(c, verb, ERR_CANNOTSENDTOCHAN, ch.name, "Cannot send to channel");
            return;
        }
        LocalUser local = LocalUser.of(c);
        if (local != null && local.plain) log.info("{} {} -> {}: {}", c.host, c.nick, ch.name, Text.escapeControls(text));
        RelayEvent e = event(c, verb, target, text, clientTags);
        relay.echo(e, c);
        if (minFlags == 0) relay.toChannel(e, ch, c);
        else relay.toChannel(e, ch, c, minFlags);
    }

    /** An error for a PRIVMSG or TAGMSG; a NOTICE gets none, whatever went wrong. */
    void refuse(Client c, Kind verb, String code, String... params) {
        if (verb != Kind.NOTICE) out.numeric(c, code, params);
    }

    /** A CTCP other than ACTION: what a +C channel refuses. */
    private static boolean isCtcp(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '\u0001') return false;
        return !(text.startsWith("\u0001ACTION") && (text.length() == 7 || text.charAt(7) == ' ' || text.charAt(7) == '\u0001'));
    }
}

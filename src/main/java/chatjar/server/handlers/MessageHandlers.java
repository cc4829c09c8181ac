package chatjar.server.handlers;

import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Cap;
import chatjar.server.caps.ClientTagDeny;
import chatjar.server.caps.Outgoing;
import chatjar.server.state.Channel;
import chatjar.server.state.Client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PRIVMSG, NOTICE, TAGMSG and AWAY. */
public final class MessageHandlers {
    private static final Logger log = LoggerFactory.getLogger("chatjar.messages");
    /** message-tags: client-only tag data a client may send, beyond which the line is refused with 417. */
    private static final int MAX_CLIENT_TAGS = 4094;
    private final ChatServer server;
    private final Replies out;
    private final ServerConfig.Limits limits;
    /** Like the other ISUPPORT values, fixed at start-up: clients were told it in their welcome. */
    private final ClientTagDeny tagDeny;

    public MessageHandlers(ChatServer server) {
        this.server = server;
        this.out = server.replies();
        this.limits = server.config().limits();
        this.tagDeny = ClientTagDeny.of(limits.clientTagDeny());
    }

    public void register(Commands t) {
        t.add("PRIVMSG", 0, false, (c, m) -> message(c, m, "PRIVMSG"));
        t.add("NOTICE", 0, false, (c, m) -> message(c, m, "NOTICE"));
        t.add("TAGMSG", 0, false, (c, m) -> message(c, m, "TAGMSG"));
        t.add("AWAY", 0, false, this::away);
    }

    // PRIVMSG <target>{,<target>} <text to be sent>  |  @+tags TAGMSG <target>{,<target>}
    private void message(Client c, Message m, String verb) {
        boolean tagmsg = verb.equals("TAGMSG");
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            out.numeric(c, "411", "No recipient given (" + verb + ")");
            return;
        }
        if (!tagmsg && (m.paramCount() < 2 || m.param(1).isEmpty())) {
            out.numeric(c, "412", "No text to send");
            return;
        }
        String clientTags = clientTags(m, ClientTagDeny.NONE);
        if (clientTags != null && clientTags.length() > MAX_CLIENT_TAGS) {
            out.numeric(c, "417", "Input line was too long");
            return;
        }
        // The size limit counts what the client sent; denied tags are dropped after it.
        if (clientTags != null && !tagDeny.isEmpty()) clientTags = clientTags(m, tagDeny);
        if (tagmsg && clientTags == null) return; // nothing left to relay: no tags, or only denied ones
        String[] targets = m.param(0).split(",");
        if (targets.length > limits.maxTargets()) {
            out.numeric(c, "407", m.param(0), "Too many recipients. Only " + limits.maxTargets() + " processed");
            return;
        }
        for (String t : targets) {
            if (!t.isEmpty()) deliver(c, verb, t, tagmsg ? null : m.param(1), clientTags);
        }
        c.lastMessageAt = server.now();
    }

    /** Sends one message to one target; shared with plain mode, whose lines are PRIVMSGs. */
    public void deliver(Client c, String verb, String target, String text) {
        deliver(c, verb, target, text, null);
    }

    /** {@code text} is null for TAGMSG, which reaches only message-tags clients. */
    private void deliver(Client c, String verb, String target, String text, String clientTags) {
        char first = target.charAt(0);
        if (first == '#' || ((first == '@' || first == '+') && target.length() > 1 && target.charAt(1) == '#')) {
            toChannel(c, verb, target, text, clientTags);
            return;
        }
        Client to = server.users().find(target);
        if (to == null || !to.registered) {
            out.numeric(c, "401", target, "No such nick/channel");
            return;
        }
        Outgoing o = relay(c, verb, to.nick, text, clientTags);
        out.send(to, o);
        if (Cap.ECHO_MESSAGE.in(c.caps) && to != c) out.send(c, o);
        if (to.away != null && verb.equals("PRIVMSG")) out.numeric(c, "301", to.nick, to.away);
    }

    private Outgoing relay(Client c, String verb, String target, String text, String clientTags) {
        String line = ":" + c.prefix() + " " + verb + " " + target + (text == null ? "" : " :" + text);
        return out.relay(c, line, clientTags, null, text == null ? Cap.MESSAGE_TAGS : null);
    }

    /**
     * The {@code +}-prefixed tags, escaped for relaying, or null; server tags from clients are never relayed, and
     * client-only tags the CLIENTTAGDENY policy names are dropped silently, as the spec says.
     */
    static String clientTags(Message m, ClientTagDeny deny) {
        if (m.tags().isEmpty()) return null;
        StringBuilder sb = null;
        for (var t : m.tags().entrySet()) {
            if (!t.getKey().startsWith("+") || deny.denies(t.getKey())) continue;
            if (sb == null) sb = new StringBuilder();
            else sb.append(';');
            sb.append(t.getKey());
            if (!t.getValue().isEmpty()) sb.append('=').append(Message.escapeTag(t.getValue()));
        }
        return sb == null ? null : sb.toString();
    }

    private void toChannel(Client c, String verb, String target, String text, String clientTags) {
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
        Outgoing o = relay(c, verb, target, text, clientTags);
        if (Cap.ECHO_MESSAGE.in(c.caps)) out.send(c, o);
        if (minFlags == 0) {
            out.toChannel(ch, o, c);
            return;
        }
        for (Client m : ch.members()) {
            if (m != c && (ch.flags(m) & minFlags) != 0) out.send(m, o);
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
        String line = ":" + c.prefix() + " AWAY" + (c.away == null ? "" : " :" + c.away);
        Outgoing notify = out.relay(c, line, null, null, Cap.AWAY_NOTIFY);
        out.toPeers(c, notify, false, server.users());
        server.monitor().toWatchers(c, notify);
    }
}

package chatjar.server.handlers;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.irc.Utf8;
import chatjar.net.Scheduler;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.Cap;
import chatjar.server.caps.ClientTagDeny;
import chatjar.state.Client;

import static chatjar.irc.Numerics.*;

/** PRIVMSG, NOTICE, TAGMSG and AWAY. */
public final class MessageHandlers {
    /** message-tags: tag data a client may send, beyond which the message is refused with 417. */
    private static final int MAX_TAG_DATA = 4094;
    private final Replies out;
    private final Relay relay;
    private final Messaging messaging;
    private final Scheduler clock;
    private final ServerConfig.Limits limits;
    /** Like the other ISUPPORT values, fixed at start-up: clients were told it in their welcome. */
    private final ClientTagDeny tagDeny;

    public MessageHandlers(Replies out, Relay relay, Messaging messaging, Scheduler clock, ServerConfig.Limits limits) {
        this.out = out;
        this.relay = relay;
        this.messaging = messaging;
        this.clock = clock;
        this.limits = limits;
        this.tagDeny = ClientTagDeny.of(limits.clientTagDeny());
    }

    public void register(Commands t) {
        t.add("PRIVMSG", 0, false, (c, m) -> message(c, m, Kind.PRIVMSG));
        t.add("NOTICE", 0, false, (c, m) -> message(c, m, Kind.NOTICE));
        t.add("TAGMSG", 0, false, (c, m) -> message(c, m, Kind.TAGMSG));
        t.add("AWAY", 0, false, this::away);
    }

    // PRIVMSG <target>{,<target>} <text to be sent>  |  @+tags TAGMSG <target>{,<target>}
    private void message(Client c, Message m, Kind verb) {
        boolean tagmsg = verb == Kind.TAGMSG;
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            messaging.refuse(c, verb, ERR_NORECIPIENT, "No recipient given (" + verb + ")");
            return;
        }
        if (!tagmsg && (m.paramCount() < 2 || m.param(1).isEmpty())) {
            messaging.refuse(c, verb, ERR_NOTEXTTOSEND, "No text to send");
            return;
        }
        // The limit is on all the tag data the client sent, its server tags (label ...) included.
        if (tagBytes(m) > MAX_TAG_DATA) {
            messaging.refuse(c, verb, ERR_INPUTTOOLONG, "Input line was too long");
            return;
        }
        // Denied tags are dropped after the size check.
        String clientTags = clientTags(m, tagDeny);
        if (tagmsg && clientTags == null) return; // nothing left to relay: no tags, or only denied ones
        String[] targets = m.param(0).split(",");
        if (targets.length > limits.maxTargets()) {
            messaging.refuse(c, verb, ERR_TOOMANYTARGETS, m.param(0), "Too many recipients. Only " + limits.maxTargets() + " processed");
            return;
        }
        for (int i = 0; i < targets.length; i++) {
            String t = targets[i];
            if (!t.isEmpty() && !seenBefore(targets, i)) messaging.deliver(c, verb, t, tagmsg ? null : m.param(1), clientTags);
        }
        c.lastMessageAt = clock.nowMillis();
    }

    /** {@code a,A,a} is one target: each distinct one (casefolded) gets one copy. Targets are few (MAXTARGETS). */
    private static boolean seenBefore(String[] targets, int i) {
        for (int j = 0; j < i; j++) if (CaseMapping.equals(targets[j], targets[i])) return true;
        return false;
    }

    /** The tag section's length as sent (without {@code @} and the space), re-escaped: keys, values, separators. */
    static int tagBytes(Message m) {
        if (m.tags().isEmpty()) return 0;
        int n = -1;
        for (var t : m.tags().entrySet()) {
            n += 1 + Utf8.length(t.getKey());
            if (!t.getValue().isEmpty()) n += 1 + Utf8.length(Message.escapeTag(t.getValue()));
        }
        return n;
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

    // AWAY [<text>]
    private void away(Client c, Message m) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            c.away = null;
            out.numeric(c, RPL_UNAWAY, "You are no longer marked as being away");
        } else {
            String text = m.param(0);
            c.away = text.length() > limits.awayLen() ? text.substring(0, limits.awayLen()) : text;
            out.numeric(c, RPL_NOWAWAY, "You have been marked as being away");
        }
        String line = ":" + c.prefix() + " AWAY" + (c.away == null ? "" : " :" + c.away);
        relay.toPeers(relay.event(Kind.AWAY, c, null, line, null, null, Cap.AWAY_NOTIFY), c, false, true);
    }
}

package chatjar.server.relay;

import chatjar.irc.Message;
import chatjar.server.caps.Outgoing;
import chatjar.state.Client;

import java.util.List;

/**
 * One event as others see it: what happened ({@link Kind}), who did it, where, the wire line and the tags it is
 * relayed with. It is also the {@link Outgoing} the relay delivers, so stamping an event costs no extra object.
 * Holds no connection: a history store or a cluster link may read everything here.
 */
public final class RelayEvent extends Outgoing {
    /** What happened: the wire verb. */
    public enum Kind {
        PRIVMSG, NOTICE, TAGMSG, JOIN, PART, QUIT, KICK(false), NICK, TOPIC, MODE(false), AWAY, INVITE, CHGHOST,
        SETNAME, ACCOUNT, WALLOPS;

        /** Whether the sender's account and bot tags ride along; a channel's MODE and KICK never carried them here. */
        final boolean senderTags;

        Kind() {
            this(true);
        }

        Kind(boolean senderTags) {
            this.senderTags = senderTags;
        }
    }

    private final Kind kind;
    private final Client source;
    private final String target;
    private final long timeMillis;
    private final long seq;

    RelayEvent(Kind kind, Client source, String target, String line, String time, long timeMillis, long seq,
               String msgid, String clientTags, String extendedLine, long requires) {
        super(line, time, msgid, source == null || !kind.senderTags ? null : source.account,
                source != null && kind.senderTags && source.bot, clientTags, extendedLine, requires);
        this.kind = kind;
        this.source = source;
        this.target = target;
        this.timeMillis = timeMillis;
        this.seq = seq;
    }

    /** The position in history ({@link chatjar.store.MsgIds}): {@link #msgid()} and the time are derived from it. */
    public long seq() {
        return seq;
    }

    public Kind kind() {
        return kind;
    }

    /** The user who caused it (live state: read during the call), or null for the server itself. */
    public Client source() {
        return source;
    }

    /**
     * {@code nick!user@host} as it was when the event happened (before a NICK or CHGHOST took effect), or null for
     * the server. Read from the line, which every relayed event starts with its source's prefix: no copy per event.
     */
    public String prefix() {
        if (source == null || line.isEmpty() || line.charAt(0) != ':') return null;
        int sp = line.indexOf(' ');
        return sp < 0 ? null : line.substring(1, sp);
    }

    /**
     * A channel name (with a STATUSMSG prefix such as {@code @#chan} when only some members see it) or a nick;
     * null for events shown to everyone who shares a channel with the source (NICK, QUIT, AWAY, ACCOUNT, SETNAME,
     * CHGHOST) or to the operators (WALLOPS).
     */
    public String target() {
        return target;
    }

    /** Server time in epoch milliseconds; {@link #time()} is the same instant as the tag shows it. */
    public long timeMillis() {
        return timeMillis;
    }

    /** The line's parameters (parsed on demand: the relay itself never needs them). */
    public List<String> params() {
        Message m = Message.parse(line);
        return m == null ? List.of() : m.params();
    }

    /** Called by the relay after local delivery: a listener that keeps the event keeps no wire bytes with it. */
    void delivered() {
        dropEncodings();
    }

    @Override
    public String toString() {
        return kind + " " + msgid() + " " + line;
    }
}

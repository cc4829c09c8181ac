package chatjar.store;

import java.util.Objects;

/**
 * One relayed event as history keeps it.
 *
 * @param target  the casefolded target key: a channel name, or {@link Targets#direct} for a conversation
 * @param display the target as users see it (the channel's own spelling)
 * @param seq     position in history, from {@link MsgIds}: unique, totally ordered, carries the server time
 * @param kind    what happened
 * @param sender  the sender's prefix, {@code nick!user@host}
 * @param account the sender's account, or null when not logged in
 * @param tags    the client-only tags relayed with it, as on the wire without the {@code @} (e.g.
 *                {@code +draft/reply=abc;+typing=active}), or null; the server adds {@code msgid} and
 *                {@code time} itself on replay
 * @param params  what followed the target on the wire, opaque to the store: the text of a PRIVMSG or
 *                NOTICE, {@code nick :reason} of a KICK, the new nick of a NICK, and so on; null if none
 */
public record StoredEvent(String target, String display, long seq, EventKind kind, String sender, String account,
                          String tags, String params) {
    public StoredEvent {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sender, "sender");
        if (seq <= 0) throw new IllegalArgumentException("seq must be positive");
    }

    public String msgid() {
        return MsgIds.format(seq);
    }

    /** Server time, epoch milliseconds. */
    public long timeMillis() {
        return MsgIds.timeMillis(seq);
    }

    /** A rough heap cost, for the memory bounds (object headers plus two bytes a char). */
    public int approxBytes() {
        return 96 + 2 * (display.length() + sender.length() + len(account) + len(tags) + len(params));
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }
}

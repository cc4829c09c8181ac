package chatjar.server.history;

import chatjar.irc.CaseMapping;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.RelayListener;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.Users;
import chatjar.store.EventKind;
import chatjar.store.HistoryStore;
import chatjar.store.MsgIds;
import chatjar.store.StoredEvent;
import chatjar.store.Targets;

/**
 * Keeps what the relay delivered: PRIVMSG, NOTICE and TAGMSG, and for event-playback JOIN, PART, QUIT, KICK,
 * NICK, TOPIC and MODE. Channel events are kept under the channel; a direct message only when both sides are
 * logged in, under {@link Targets#direct} of their accounts; STATUSMSG (seen by some members only) and
 * server-originated events are not kept. Per event, not per recipient: a couple of substrings, one record and
 * {@link HistoryStore#append}, a ring insert and a bounded-queue offer.
 * <p>
 * Stored events carry the relay's seq, so a msgid seen live is the one CHATHISTORY returns. A NICK or QUIT is
 * shown in every channel its user was in, but a seq is one row: the first channel keeps the live seq and the
 * others get fresh ones from the same generator (still in order, just not the msgid seen live).
 */
public final class HistoryRecorder implements RelayListener {
    private final HistoryStore store;
    private final Users users;
    private final MsgIds ids;

    public HistoryRecorder(HistoryStore store, Users users, MsgIds ids) {
        this.store = store;
        this.users = users;
        this.ids = ids;
    }

    @Override
    public void relayed(RelayEvent e) {
        EventKind kind = kindOf(e.kind());
        Client from = e.source();
        if (kind == null || from == null) return;
        if (from.local == null && store.sharedByNodes()) return; // another node's user: that node stores it
        String prefix = e.prefix();
        if (prefix == null) return;
        if (kind == EventKind.NICK || kind == EventKind.QUIT) {
            String params = after(e.line, 2);
            long seq = e.seq();
            for (Channel ch : from.channels()) {
                store.append(new StoredEvent(ch.nameFolded, ch.name, seq, kind, prefix, from.account, e.clientTags(), params));
                seq = ids.next(System.currentTimeMillis());
            }
            return;
        }
        String target = e.target();
        if (target == null || target.isEmpty()) return;
        String params = after(e.line, 3);
        if (target.charAt(0) == '#') {
            store.append(new StoredEvent(CaseMapping.fold(target), target, e.seq(), kind, prefix, from.account,
                    e.clientTags(), params));
        } else if (kind.isMessage() && from.account != null && "@+&!".indexOf(target.charAt(0)) < 0) {
            Client to = users.find(target);
            if (to == null || to.account == null) return; // only conversations between two accounts are kept
            String key = Targets.direct(CaseMapping.fold(from.account), CaseMapping.fold(to.account));
            store.append(new StoredEvent(key, target, e.seq(), kind, prefix, from.account, e.clientTags(), params));
        }
    }

    private static EventKind kindOf(RelayEvent.Kind k) {
        return switch (k) {
            case PRIVMSG -> EventKind.PRIVMSG;
            case NOTICE -> EventKind.NOTICE;
            case TAGMSG -> EventKind.TAGMSG;
            case JOIN -> EventKind.JOIN;
            case PART -> EventKind.PART;
            case QUIT -> EventKind.QUIT;
            case KICK -> EventKind.KICK;
            case NICK -> EventKind.NICK;
            case TOPIC -> EventKind.TOPIC;
            case MODE -> EventKind.MODE;
            default -> null;
        };
    }

    /** What follows the first {@code words} space-separated words of {@code line} (as on the wire), or null. */
    static String after(String line, int words) {
        int at = 0;
        for (int i = 0; i < words; i++) {
            at = line.indexOf(' ', at);
            if (at < 0) return null;
            at++;
        }
        return at >= line.length() ? null : line.substring(at);
    }

    /** The wire line of a stored event, without tags: what the relay sent, rebuilt. */
    public static String line(StoredEvent ev) {
        StringBuilder sb = new StringBuilder(96).append(':').append(ev.sender()).append(' ').append(ev.kind().name());
        if (ev.kind() != EventKind.NICK && ev.kind() != EventKind.QUIT) sb.append(' ').append(ev.display());
        if (ev.params() != null) sb.append(' ').append(ev.params());
        return sb.toString();
    }
}

package chatjar.server.history;

import chatjar.net.Scheduler;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.RelayListener;
import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.Ref;
import chatjar.store.StoredEvent;

import java.util.List;

/**
 * The last few lines of a channel for someone who just joined it and cannot ask for them: plain-text users
 * (on by default: "last 10 lines in #lobby") and, if configured, IRC clients without {@code draft/chathistory}
 * (off by default: they keep their own logs, and a client that wants history negotiates the capability). The
 * lines come from the store after the JOIN's answer (names), with their original time and msgid tags.
 */
public final class JoinReplay implements RelayListener {
    private final HistoryStore store;
    private final Scheduler loop;
    private final Replies out;
    private final ChatHistoryHandlers history;
    private final HistorySettings settings;

    public JoinReplay(HistoryStore store, Scheduler loop, Replies out, ChatHistoryHandlers history, HistorySettings settings) {
        this.store = store;
        this.loop = loop;
        this.out = out;
        this.history = history;
        this.settings = settings;
    }

    @Override
    public void relayed(RelayEvent e) {
        if (e.kind() != RelayEvent.Kind.JOIN || e.source() == null || e.target() == null) return;
        LocalUser u = LocalUser.of(e.source());
        if (u == null || Cap.DRAFT_CHATHISTORY.in(u.caps)) return;
        int lines = u.plain ? settings.replayPlain() : settings.replayIrc();
        if (lines <= 0) return;
        String channel = e.target();
        // Messages only, before this JOIN.
        HistoryQuery q = HistoryQuery.before(chatjar.irc.CaseMapping.fold(channel), Ref.msgid(e.msgid()), lines);
        Fetch.run(store, loop::execute, q, ChatHistoryHandlers::isText, (said, error) -> {
            if (error != null || !u.link.isOpen()) return;
            if (said.isEmpty()) return;
            List<StoredEvent> last = said;
            if (u.plain) out.serverNotice(u.client, "Last " + last.size() + " line" + (last.size() == 1 ? "" : "s") + " in " + channel + ":");
            for (StoredEvent ev : last) out.send(u, history.replay(ev));
            if (u.plain) out.serverNotice(u.client, "End of replay");
        });
    }
}

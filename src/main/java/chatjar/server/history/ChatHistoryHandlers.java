package chatjar.server.history;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.net.Scheduler;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.server.caps.Outgoing;
import chatjar.server.caps.ServerTime;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;
import chatjar.store.EventKind;
import chatjar.store.HistoryQuery;
import chatjar.store.HistoryStore;
import chatjar.store.Ref;
import chatjar.store.StoredEvent;
import chatjar.store.TargetActivity;
import chatjar.store.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CHATHISTORY BEFORE|AFTER|LATEST|AROUND|BETWEEN|TARGETS} (IRCv3 draft/chathistory). A channel's history
 * is read by its current members, a conversation only by the two accounts in it. The store answers through the
 * loop's task queue, so the loop never waits on a read; the label of a labeled request is taken over and put on
 * the answer's batch. Without {@code draft/event-playback} only PRIVMSG and NOTICE are sent, as the spec says.
 */
public final class ChatHistoryHandlers {
    private static final Logger log = LoggerFactory.getLogger(ChatHistoryHandlers.class);

    private final Replies out;
    private final Users users;
    private final Channels channels;
    private final HistoryStore store;
    private final Scheduler loop;
    private final ServerTime clock;
    private final String serverName;
    private long batchCounter;

    public ChatHistoryHandlers(Replies out, Users users, Channels channels, HistoryStore store, Scheduler loop,
                               ServerTime clock, String serverName) {
        this.out = out;
        this.users = users;
        this.channels = channels;
        this.store = store;
        this.loop = loop;
        this.clock = clock;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("CHATHISTORY", 0, false, this::chathistory);
    }

    /** A reason to answer FAIL instead of a batch. */
    private static final class Refused extends Exception {
        final String code;
        final String[] context;

        Refused(String code, String description, String... context) {
            super(description, null, false, false);
            this.code = code;
            this.context = context;
        }
    }

    private void chathistory(Client c, Message m) {
        LocalUser u = LocalUser.of(c);
        if (u == null) return;
        String sub = m.paramCount() > 0 ? m.param(0).toUpperCase(Locale.ROOT) : "*";
        try {
            switch (sub) {
                case "BEFORE", "AFTER", "LATEST", "AROUND" -> {
                    need(m, 4, sub);
                    HistoryQuery.Subcommand s = HistoryQuery.Subcommand.valueOf(sub);
                    Ref ref = sub.equals("LATEST") && m.param(2).equals("*") ? null : ref(sub, m.param(2));
                    query(u, sub, m.param(1), s, ref, null, limit(sub, m.param(3)));
                }
                case "BETWEEN" -> {
                    need(m, 5, sub);
                    query(u, sub, m.param(1), HistoryQuery.Subcommand.BETWEEN, ref(sub, m.param(2)), ref(sub, m.param(3)),
                            limit(sub, m.param(4)));
                }
                case "TARGETS" -> {
                    need(m, 4, sub);
                    Ref from = ref(sub, m.param(1)), to = ref(sub, m.param(2));
                    if (!from.isTimestamp() || !to.isTimestamp()) {
                        throw new Refused("INVALID_PARAMS", "TARGETS takes two timestamps", sub);
                    }
                    targets(u, timestamp(sub, m.param(1)), timestamp(sub, m.param(2)), limit(sub, m.param(3)));
                }
                default -> throw new Refused(m.paramCount() == 0 ? "NEED_MORE_PARAMS" : "INVALID_PARAMS",
                        m.paramCount() == 0 ? "Missing parameters" : "Unknown command", sub);
            }
        } catch (Refused r) {
            fail(c, r);
        }
    }

    private static void need(Message m, int params, String sub) throws Refused {
        if (m.paramCount() < params) throw new Refused("NEED_MORE_PARAMS", "Missing parameters", sub);
    }

    private static int limit(String sub, String s) throws Refused {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Refused("INVALID_PARAMS", "Invalid limit", sub, s);
        }
        if (n <= 0) throw new Refused("INVALID_PARAMS", "Invalid limit", sub, s);
        return Math.min(n, HistorySettings.MAX_PER_REQUEST);
    }

    private static Ref ref(String sub, String s) throws Refused {
        int eq = s.indexOf('=');
        if (eq <= 0) throw new Refused("INVALID_PARAMS", "Invalid message reference", sub, s);
        String type = s.substring(0, eq), value = s.substring(eq + 1);
        switch (type) {
            case "timestamp" -> {
                return Ref.timestamp(timestamp(sub, s));
            }
            case "msgid" -> {
                Ref r = Ref.msgid(value);
                if (r == null) throw new Refused("INVALID_PARAMS", "Unknown msgid", sub, s);
                return r;
            }
            default -> throw new Refused("INVALID_MSGREFTYPE", "Unknown message reference type", sub, type);
        }
    }

    private static long timestamp(String sub, String s) throws Refused {
        try {
            if (!s.startsWith("timestamp=")) throw new DateTimeParseException("not a timestamp", s, 0);
            return Instant.parse(s.substring("timestamp=".length())).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Refused("INVALID_PARAMS", "Invalid timestamp", sub, s);
        }
    }

    private void query(LocalUser u, String sub, String target, HistoryQuery.Subcommand s, Ref first, Ref second,
                       int limit) throws Refused {
        Client c = u.client;
        String key;
        if (target.startsWith("#")) {
            Channel ch = channels.find(target);
            if (ch == null || !ch.has(c)) throw new Refused("INVALID_TARGET", "Messages could not be retrieved", sub, target);
            key = ch.nameFolded;
        } else {
            // A conversation is stored only between two accounts, and shown only to them: a guest has none.
            Client other = users.find(target);
            String account = other != null && other.account != null ? other.account : target;
            if (c.account == null || target.equals("*")) {
                batch(u, target, List.of(), out.takeLabel(u));
                return;
            }
            key = Targets.direct(CaseMapping.fold(c.account), CaseMapping.fold(account));
        }
        String label = out.takeLabel(u);
        HistoryQuery q = new HistoryQuery(s, key, first, second, limit);
        boolean playback = Cap.DRAFT_EVENT_PLAYBACK.in(u.caps);
        Fetch.run(store, loop::execute, q, playback ? e -> true : ChatHistoryHandlers::isText, (events, error) -> {
            if (!u.link.isOpen()) return;
            if (error != null) {
                log.warn("CHATHISTORY {} {} failed: {}", sub, target, error.toString());
                fail(c, new Refused("MESSAGE_ERROR", "Messages could not be retrieved", sub, target), label);
                return;
            }
            batch(u, target, events, label);
        });
    }

    private void batch(LocalUser u, String target, List<StoredEvent> events, String label) {
        String ref = open(u, "chathistory " + safe(target), label);
        for (StoredEvent e : events) out.send(u, replay(e), ref == null ? null : "batch=" + ref);
        close(u, ref);
    }

    /** What a client without event-playback is shown: PRIVMSG and NOTICE, as the specification says. */
    static boolean isText(StoredEvent e) {
        return e.kind() == EventKind.PRIVMSG || e.kind() == EventKind.NOTICE;
    }

    /** A stored event as it was relayed: its own msgid, time, account and client tags. */
    Outgoing replay(StoredEvent e) {
        return new Outgoing(HistoryRecorder.line(e), clock.format(e.timeMillis()), e.msgid(), e.account(), false,
                e.tags(), null, e.kind() == EventKind.TAGMSG ? Cap.MESSAGE_TAGS.bit : 0);
    }

    private void targets(LocalUser u, long from, long to, int limit) {
        Client c = u.client;
        String label = out.takeLabel(u);
        List<String> mine = new ArrayList<>();
        for (Channel ch : c.channels()) mine.add(ch.nameFolded);
        String account = c.account == null ? null : CaseMapping.fold(c.account);
        store.targets(account, mine, from, to, limit, loop::execute, (list, error) -> {
            if (!u.link.isOpen()) return;
            if (error != null) {
                fail(c, new Refused("MESSAGE_ERROR", "Messages could not be retrieved", "TARGETS", "*"), label);
                return;
            }
            String ref = open(u, "draft/chathistory-targets", label);
            for (TargetActivity t : list) {
                String name = t.display();
                String[] peers = Targets.peers(t.target());
                if (peers != null) name = peers[0].equals(account) ? peers[1] : peers[0];
                Outgoing line = Outgoing.server(":" + serverName + " CHATHISTORY TARGETS " + name + " "
                        + clock.format(t.latestMillis()), null);
                out.send(u, line, ref == null ? null : "batch=" + ref);
            }
            close(u, ref);
        });
    }

    /** Opens a batch (with the request's label) and returns its reference; null without the batch cap. */
    private String open(LocalUser u, String typeAndParams, String label) {
        if (!Cap.BATCH.in(u.caps)) return null;
        String ref = "h" + Long.toString(++batchCounter, 36);
        out.send(u, Outgoing.server(":" + serverName + " BATCH +" + ref + " " + typeAndParams, null),
                label == null ? null : "label=" + Message.escapeTag(label));
        return ref;
    }

    private void close(LocalUser u, String ref) {
        if (ref != null) out.send(u, Outgoing.server(":" + serverName + " BATCH -" + ref, null), null);
    }

    private void fail(Client c, Refused r) {
        fail(c, r, null);
    }

    /** A client's word echoed as a middle parameter: no spaces, no leading colon, bounded. */
    private static String safe(String p) {
        String s = p.replace(' ', '_');
        if (s.isEmpty() || s.charAt(0) == ':') s = "*" + s;
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private void fail(Client c, Refused r, String label) {
        StringBuilder sb = new StringBuilder(":").append(serverName).append(" FAIL CHATHISTORY ").append(r.code);
        for (String p : r.context) sb.append(' ').append(safe(p));
        sb.append(" :").append(r.getMessage());
        LocalUser u = LocalUser.of(c);
        if (label == null) out.send(c, sb.toString());
        else if (u != null) out.send(u, Outgoing.server(sb.toString(), null), "label=" + Message.escapeTag(label));
    }
}

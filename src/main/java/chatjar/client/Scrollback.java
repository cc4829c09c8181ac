package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client asks of {@code draft/chathistory} and how it keeps the answers free of gaps and duplicates.
 * Per target (a channel, or the nick of a conversation) it remembers the last msgid it has shown and the msgids
 * of recent lines. On a first join it asks for the latest lines; after a reconnect, for everything after the
 * last msgid it saw, page by page until a page comes back short. Lines that arrive live while that runs are
 * shown at once and win the cursor (they are newer than any page); any line whose msgid was shown already,
 * live or replayed, is dropped. Used under the {@link Session}'s lock.
 */
final class Scrollback {
    /** Lines asked for on a first join: a screenful of context. */
    static final int LATEST = 50;
    /** msgids remembered per target for de-duplication: far more than one page overlaps a live stream. */
    private static final int SEEN_PER_TARGET = 2048;
    /** Targets remembered: a client is in a few dozen channels and conversations, not thousands. */
    private static final int MAX_TARGETS = 512;
    /** Requests in flight at once: one per channel rejoined. */
    private static final int MAX_BATCHES = 64;
    /** Pages one catch-up fetches at most (10,000 lines at 100 a page): a week away is not read line by line. */
    static final int MAX_PAGES = 100;

    private static final class Target {
        final String name;
        String lastMsgid;
        final LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > SEEN_PER_TARGET;
            }
        };
        /** A request is out; its kind and limit decide whether a full page asks for the next one. */
        boolean catchingUp;
        boolean after;
        int limit;
        /** The newest live line during a catch-up: the cursor once the catch-up ends. */
        String liveDuringCatchUp;
        int shownThisCatchUp;
        int pages;

        Target(String name) {
            this.name = name;
        }
    }

    /** One chathistory batch in flight: the page's size and last msgid decide what comes next. */
    private static final class Batch {
        final Target target;
        int count;
        String last;

        Batch(Target target) {
            this.target = target;
        }
    }

    private final Map<String, Target> targets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Target> e) {
            return size() > MAX_TARGETS;
        }
    };
    private final Map<String, Batch> batches = new HashMap<>();
    private int maxPerRequest = 100;
    private int latest = LATEST;

    /** {@code lines}: what a first join shows (0: none). */
    Scrollback(int latest) {
        this.latest = latest;
    }

    /** ISUPPORT {@code CHATHISTORY=n}: the server's largest page. */
    void maxPerRequest(int n) {
        if (n > 0) maxPerRequest = Math.min(n, 1000);
    }

    /** A new connection: requests in flight are gone with the old one; cursors and msgids stay. */
    void reset() {
        batches.clear();
        for (Target t : targets.values()) {
            t.catchingUp = false;
            t.liveDuringCatchUp = null;
        }
    }

    /**
     * We (re)joined {@code target}, or reconnected with its conversation open: asks for what was missed since the
     * last line shown, else the latest lines. {@code key} is the target folded by the server's case mapping.
     */
    void request(String key, String target, boolean conversation, List<Message> send) {
        Target t = targets.computeIfAbsent(key, k -> new Target(target));
        if (t.catchingUp) return;
        if (t.lastMsgid != null) {
            t.after = true;
            t.limit = maxPerRequest;
            send.add(Message.of(null, "CHATHISTORY", "AFTER", target, "msgid=" + t.lastMsgid, Integer.toString(t.limit)));
        } else {
            // A conversation we knew nothing of has no "first join": only a reconnect asks for it.
            if (conversation || latest <= 0) return;
            t.after = false;
            t.limit = Math.min(latest, maxPerRequest);
            send.add(Message.of(null, "CHATHISTORY", "LATEST", target, "*", Integer.toString(t.limit)));
        }
        t.catchingUp = true;
        t.liveDuringCatchUp = null;
        t.shownThisCatchUp = 0;
        t.pages = 0;
    }

    /**
     * We left {@code key} on purpose: a later join shows its latest lines, not everything since. The msgids stay,
     * so lines already shown are not shown again.
     */
    void forget(String key) {
        Target t = targets.get(key);
        if (t != null && !t.catchingUp) t.lastMsgid = null;
    }

    /** Whether this conversation (or channel) has a cursor to catch up from. */
    boolean known(String key) {
        Target t = targets.get(key);
        return t != null && t.lastMsgid != null;
    }

    /**
     * A live PRIVMSG or NOTICE with its {@code msgid} (null: the server gives none): false if it was shown
     * already (the replay came first, or echo-message sent it to ourselves twice).
     */
    boolean live(String key, String target, String msgid) {
        if (msgid == null) return true;
        Target t = targets.computeIfAbsent(key, k -> new Target(target));
        if (t.seen.put(msgid, Boolean.TRUE) != null) return false;
        if (t.catchingUp) t.liveDuringCatchUp = msgid;
        else t.lastMsgid = msgid;
        return true;
    }

    /**
     * {@code BATCH} lines and the lines inside our chathistory batches: adds what to show (dimmed, at the time they
     * were said) and what to send (the next page); true if {@code m} was one of them.
     */
    boolean handles(Message m, Casemap casemap, java.util.function.Function<Message, Line> format, List<Line> lines,
                    List<Message> send) {
        if (m.command().equals("BATCH") && m.paramCount() > 0 && m.param(0).length() > 1) {
            String ref = m.param(0).substring(1);
            if (m.param(0).charAt(0) == '+') {
                String target = m.param(2);
                batchStart(ref, m.param(1), target, target == null ? null : casemap.fold(target));
            } else {
                batchEnd(ref, lines, send);
            }
            return true;
        }
        String batch = m.tags() == null ? null : m.tags().get("batch");
        if (batch == null || !batches.containsKey(batch)) return false;
        Line old = format.apply(m);
        long at = Formatter.serverTime(m);
        String msgid = m.tags().get("msgid");
        if (replayed(batch, msgid, lines) && old != null) lines.add(old.replayedAt(at < 0 ? System.currentTimeMillis() : at));
        return true;
    }

    /** {@code BATCH +ref chathistory <target>}: true if a catch-up of ours is waiting for it. */
    private boolean batchStart(String ref, String type, String target, String key) {
        if (!"chathistory".equals(type) || target == null) return false;
        Target t = targets.get(key);
        // One batch per request is what a server sends; a server opening more gets no more room.
        if (t == null || !t.catchingUp || batches.size() >= MAX_BATCHES) return false;
        batches.put(ref, new Batch(t));
        return true;
    }

    /**
     * One replayed line of batch {@code ref}: false if it was shown already. Before the first line a catch-up
     * shows, a heading says what follows.
     */
    private boolean replayed(String ref, String msgid, List<Line> lines) {
        Batch b = batches.get(ref);
        if (b == null) return false;
        Target t = b.target;
        b.count++;
        if (msgid == null) return true;
        b.last = msgid;
        if (t.seen.put(msgid, Boolean.TRUE) != null) return false;
        if (t.shownThisCatchUp++ == 0) {
            lines.add(Line.of(Kind.INFO, t.name, t.after ? "Missed in " + t.name + " while you were away:"
                    : "Scrollback of " + t.name + ":"));
        }
        return true;
    }

    /** {@code BATCH -ref}: a full AFTER page asks for the next one; the last page moves the cursor and says so. */
    private void batchEnd(String ref, List<Line> lines, List<Message> send) {
        Batch b = batches.remove(ref);
        if (b == null) return;
        Target t = b.target;
        boolean moved = b.last != null && !b.last.equals(t.lastMsgid);
        if (b.last != null) t.lastMsgid = b.last; // everything up to here is shown: safe even if we drop now
        // A page that did not move the cursor would be asked for again forever: a full page must bring news.
        if (t.after && b.count >= t.limit && moved) {
            if (++t.pages < MAX_PAGES) {
                send.add(Message.of(null, "CHATHISTORY", "AFTER", t.name, "msgid=" + b.last, Integer.toString(t.limit)));
                return;
            }
            lines.add(Line.of(Kind.INFO, t.name, "Stopped catching up on " + t.name + " after " + t.shownThisCatchUp
                    + " lines; older ones are in the server's history"));
        }
        t.catchingUp = false;
        // Live lines are newer than anything a page held: once the pages are done, the newest of them is the cursor.
        if (t.liveDuringCatchUp != null) t.lastMsgid = t.liveDuringCatchUp;
        t.liveDuringCatchUp = null;
        if (t.shownThisCatchUp > 0) {
            lines.add(Line.of(Kind.INFO, t.name, "End of scrollback of " + t.name + " (" + t.shownThisCatchUp
                    + (t.shownThisCatchUp == 1 ? " line)" : " lines)")));
        } else if (t.after) {
            lines.add(Line.of(Kind.INFO, t.name, "Nothing missed in " + t.name));
        }
    }

    /** {@code FAIL CHATHISTORY ... <target>}: the request is over; the cursor stays for the next try. */
    void failed(String key) {
        Target named = key == null ? null : targets.get(key);
        for (Target t : named != null ? List.of(named) : List.copyOf(targets.values())) {
            // A FAIL that names no target we know ends every request without a batch: none would come now.
            if (!t.catchingUp || (named == null && batches.values().stream().anyMatch(b -> b.target == t))) continue;
            t.catchingUp = false;
            if (t.liveDuringCatchUp != null) t.lastMsgid = t.liveDuringCatchUp;
            t.liveDuringCatchUp = null;
        }
    }
}

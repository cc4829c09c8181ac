package chatjar.store.redis;

import chatjar.store.EventKind;
import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.StoredEvent;
import chatjar.store.Targets;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an event sits in its target's Stream. The entry id is the seq split in two, {@code ms-rest} (the 42 bits of
 * milliseconds since 2020, then node and counter), so ids sort exactly as seqs do, a msgid reference becomes an
 * id bound without a lookup, and a repeated seq is the same id. The one field {@code e} holds
 * {@code display LF kind LF sender LF account LF tags LF params}, NUL for a missing field (IRC lines carry no LF
 * or NUL; any that would is replaced by a space).
 */
final class StreamIds {
    private static final int LOW_BITS = MsgIds.NODE_BITS + MsgIds.COUNTER_BITS;
    private static final long LOW_MASK = (1L << LOW_BITS) - 1;
    private static final char SEP = '\n';
    private static final String NULL = "\0";
    static final String FIELD = "e";

    private StreamIds() {}

    static String id(long seq) {
        return (seq >>> LOW_BITS) + "-" + (seq & LOW_MASK);
    }

    static long seq(String id) {
        int dash = id.indexOf('-');
        return (Long.parseLong(id, 0, dash, 10) << LOW_BITS) | Long.parseLong(id, dash + 1, id.length(), 10);
    }

    /** The lower bound of an XRANGE for {@code seq < x}: exclusive, or everything from the start. */
    static String above(long seq) {
        return seq <= 0 ? "-" : "(" + id(seq);
    }

    /** The upper bound for {@code x < seq}. */
    static String below(long seq) {
        return seq == Long.MAX_VALUE ? "+" : "(" + id(seq);
    }

    static String encode(StoredEvent e) {
        StringBuilder b = new StringBuilder(24 + e.display().length() + e.sender().length() + len(e.tags()) + len(e.params()));
        field(b, e.display()).append(SEP).append(e.kind().code).append(SEP);
        field(b, e.sender()).append(SEP);
        field(b, e.account()).append(SEP);
        field(b, e.tags()).append(SEP);
        return field(b, e.params()).toString();
    }

    static StoredEvent decode(String target, String id, String body) {
        String[] f = new String[6];
        int start = 0;
        for (int i = 0; i < 5; i++) {
            int end = body.indexOf(SEP, start);
            if (end < 0) throw new IllegalArgumentException("malformed history entry " + id + " of " + target);
            f[i] = body.substring(start, end);
            start = end + 1;
        }
        f[5] = body.substring(start);
        return new StoredEvent(target, f[0], seq(id), EventKind.ofCode(Integer.parseInt(f[1])), f[2], orNull(f[3]),
                orNull(f[4]), orNull(f[5]));
    }

    /** The display field alone (TARGETS needs no more). */
    static String display(String body) {
        int end = body.indexOf(SEP);
        return end < 0 ? body : body.substring(0, end);
    }

    private static final java.util.Comparator<StoredEvent> BY_TARGET_AND_SEQ =
            java.util.Comparator.comparing(StoredEvent::target).thenComparingLong(StoredEvent::seq);

    /** The arguments of {@link Scripts#APPEND} for one batch. */
    static String[] appendArgs(List<StoredEvent> batch, int maxPerTarget, int node) {
        List<String> a = new ArrayList<>(6 + 4 * batch.size() + 8);
        a.add(RedisStore.PREFIX);
        a.add(Integer.toString(maxPerTarget));
        a.add(Integer.toString(RedisHistoryStore.LATE_CAP));
        a.add(Integer.toString(node));
        long high = 1;
        Map<String, Long> latest = new HashMap<>();
        for (StoredEvent e : batch) {
            if (((e.seq() >>> MsgIds.COUNTER_BITS) & MsgIds.MAX_NODE) == node) high = Math.max(high, e.seq());
            latest.merge(e.target(), e.timeMillis(), Math::max);
        }
        a.add(MsgIds.format(high));
        // Grouped by target, ascending: the script settles each target's late events in one step.
        List<StoredEvent> sorted = new ArrayList<>(batch);
        sorted.sort(BY_TARGET_AND_SEQ);
        a.add(Integer.toString(sorted.size()));
        for (StoredEvent e : sorted) {
            a.add(e.target());
            a.add(StreamIds.id(e.seq()));
            a.add(StreamIds.id(e.seq() - 1));
            a.add(StreamIds.encode(e));
        }
        for (Map.Entry<String, Long> t : latest.entrySet()) {
            String[] peers = Targets.peers(t.getKey());
            a.add(t.getKey());
            a.add(Long.toString(t.getValue()));
            a.add(peers == null ? "" : peers[0]);
            a.add(peers == null ? "" : peers[1]);
        }
        return a.toArray(String[]::new);
    }

    private static StringBuilder field(StringBuilder b, String s) {
        if (s == null) return b.append(NULL);
        int from = b.length();
        b.append(s);
        for (int i = from; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c == SEP || c == '\r' || c == '\0') b.setCharAt(i, ' ');
        }
        return b;
    }

    private static String orNull(String s) {
        return s.equals(NULL) ? null : s;
    }

    private static int len(String s) {
        return s == null ? 1 : s.length();
    }

    /** The XRANGE bounds of a query's range. */
    static Range<String> range(HistoryQuery.Range r) {
        return Range.from(bound(above(r.above())), bound(below(r.below())));
    }

    /** Lettuce's bounds for an XRANGE id: "-"/"+" unbounded, "(" exclusive. */
    private static Range.Boundary<String> bound(String id) {
        if (id.equals("-") || id.equals("+")) return Range.Boundary.unbounded();
        return id.startsWith("(") ? Range.Boundary.excluding(id.substring(1)) : Range.Boundary.including(id);
    }

    /** Stream entries as events, ascending (XREVRANGE answers newest first). */
    static List<StoredEvent> decode(String target, List<StreamMessage<String, String>> entries, HistoryQuery.Range r) {
        List<StoredEvent> out = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> m : entries) out.add(decode(target, m.getId(), m.getBody().get(StreamIds.FIELD)));
        if (r.newest()) java.util.Collections.reverse(out);
        return out;
    }
}

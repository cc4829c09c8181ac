package chatjar.store.memory;

import chatjar.store.HistoryQuery;
import chatjar.store.MsgIds;
import chatjar.store.StoredEvent;
import chatjar.store.TargetActivity;
import chatjar.store.Targets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The recent events of every target, bounded three ways: lines per target, number of targets (the least
 * recently used target goes first) and approximate total bytes. Loop-owned, not thread-safe.
 * <p>
 * In front of a database, an event may leave memory only once it is durable ({@code seq <= durableSeq()}):
 * so every event is always in memory or committed, and a query that merges both never shows a gap while the
 * writer is behind. The bounds may then be exceeded by at most what the writer's bounded queue holds. (A late
 * event from another node, older than what is already committed, could leave memory before its own commit: the
 * cluster's store keeps its own durability.)
 */
public final class Rings {
    /** How many least-recently-used targets one add inspects when over a global bound (keeps add O(1)). */
    private static final int EVICTION_TRIES = 8;
    public static final Comparator<TargetActivity> BY_TIME =
            Comparator.comparingLong(TargetActivity::latestMillis).thenComparing(TargetActivity::target);

    private final int linesPerTarget;
    private final int maxTargets;
    private final long maxBytes;
    private final LongSupplier durableSeq;
    private final LinkedHashMap<String, Ring> rings = new LinkedHashMap<>(64, 0.75f, true);
    private long lastSeq;
    private long events;
    private long bytes;

    /**
     * @param baseSeq    the highest seq already stored elsewhere when memory starts empty (0 if nothing)
     * @param durableSeq the highest seq committed (everything at or below may be evicted); memory-only stores
     *                   pass {@code () -> Long.MAX_VALUE}
     */
    public Rings(int linesPerTarget, int maxTargets, long maxBytes, long baseSeq, LongSupplier durableSeq) {
        if (linesPerTarget < 1 || maxTargets < 1 || maxBytes < 1) throw new IllegalArgumentException("bounds must be positive");
        this.linesPerTarget = linesPerTarget;
        this.maxTargets = maxTargets;
        this.maxBytes = maxBytes;
        this.lastSeq = baseSeq;
        this.durableSeq = durableSeq;
    }

    public void add(StoredEvent e) {
        Ring ring = rings.get(e.target());
        if (ring == null) {
            // Anything of this target before now predates this ring: it is in the database or gone.
            ring = new Ring(lastSeq);
            rings.put(e.target(), ring);
        }
        long before = ring.bytes;
        if (!ring.add(e)) return;
        events++;
        lastSeq = Math.max(lastSeq, e.seq());
        long durable = durableSeq.getAsLong();
        while (ring.size() > linesPerTarget && ring.first().seq() <= durable) {
            ring.removeFirst();
            events--;
        }
        bytes += ring.bytes - before;
        if (rings.size() > maxTargets || bytes > maxBytes) evictGlobally(durable);
    }

    private void evictGlobally(long durable) {
        Iterator<Map.Entry<String, Ring>> it = rings.entrySet().iterator();
        for (int tries = 0; tries < EVICTION_TRIES && it.hasNext() && (rings.size() > maxTargets || bytes > maxBytes); tries++) {
            Ring ring = it.next().getValue();
            long before = ring.bytes;
            while (ring.size() > 0 && ring.first().seq() <= durable && (rings.size() > maxTargets || bytes > maxBytes)) {
                ring.removeFirst();
                events--;
                bytes -= before - ring.bytes;
                before = ring.bytes;
            }
            if (ring.size() == 0) it.remove();
        }
    }

    /** What memory holds of a range, and whether that is the whole answer. */
    public record Answer(List<StoredEvent> events, boolean complete) {}

    public Answer read(String target, HistoryQuery.Range r) {
        Ring ring = rings.get(target);
        if (ring == null || r.limit() == 0) return new Answer(List.of(), r.limit() == 0);
        int from = ring.firstAbove(r.above());
        int to = ring.firstAbove(r.below() - 1); // exclusive end: first index with seq >= below
        int n = Math.max(0, to - from);
        boolean all = r.above() >= ring.coverFrom;
        List<StoredEvent> out = new ArrayList<>(Math.min(n, r.limit()));
        if (r.newest()) {
            for (int i = Math.max(from, to - r.limit()); i < to; i++) out.add(ring.get(i));
            return new Answer(out, all || n >= r.limit());
        }
        for (int i = from; i < to && out.size() < r.limit(); i++) out.add(ring.get(i));
        return new Answer(out, all);
    }

    /**
     * Targets with events in memory in {@code fromMillis < time < toMillis} (either order), per
     * {@link chatjar.store.HistoryStore#targets}: sorted by latest time, cut to {@code limit}.
     */
    public List<TargetActivity> activity(String account, Collection<String> channels, long fromMillis, long toMillis, int limit) {
        long aboveSeq = MsgIds.firstSeqAt(Math.min(fromMillis, toMillis) + 1) - 1;
        long belowSeq = MsgIds.firstSeqAt(Math.max(fromMillis, toMillis));
        List<TargetActivity> out = new ArrayList<>();
        for (Map.Entry<String, Ring> entry : rings.entrySet()) {
            String key = entry.getKey();
            if (!channels.contains(key) && (account == null || !Targets.involves(key, account))) continue;
            Ring ring = entry.getValue();
            int to = ring.firstAbove(belowSeq - 1);
            if (to > 0 && ring.get(to - 1).seq() > aboveSeq) {
                StoredEvent e = ring.get(to - 1);
                out.add(new TargetActivity(key, e.display(), e.timeMillis()));
            }
        }
        out.sort(BY_TIME);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** Drops events with a seq below {@code minSeq} from every target (age retention); returns how many. */
    public long dropBelow(long minSeq) {
        long dropped = 0;
        Iterator<Ring> it = rings.values().iterator();
        while (it.hasNext()) {
            Ring ring = it.next();
            long before = ring.bytes;
            while (ring.size() > 0 && ring.first().seq() < minSeq) {
                ring.removeFirst();
                dropped++;
            }
            ring.coverFrom = Math.max(ring.coverFrom, minSeq - 1);
            bytes -= before - ring.bytes;
            if (ring.size() == 0) it.remove();
        }
        events -= dropped;
        return dropped;
    }

    /**
     * Count retention: keeps only the newest {@code n} events of every target (those not yet durable stay, as
     * for the line bound); returns how many were dropped.
     */
    public long keepNewest(int n) {
        long durable = durableSeq.getAsLong(), dropped = 0;
        Iterator<Ring> it = rings.values().iterator();
        while (it.hasNext()) {
            Ring ring = it.next();
            long before = ring.bytes;
            while (ring.size() > n && ring.first().seq() <= durable) {
                ring.removeFirst();
                dropped++;
            }
            bytes -= before - ring.bytes;
            if (ring.size() == 0) it.remove();
        }
        events -= dropped;
        return dropped;
    }

    /** Drops every direct conversation {@code account} (casefolded) is a side of; returns how many events. */
    public long forgetAccount(String account) {
        long dropped = 0;
        Iterator<Map.Entry<String, Ring>> it = rings.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Ring> entry = it.next();
            if (!Targets.involves(entry.getKey(), account)) continue;
            Ring ring = entry.getValue();
            dropped += ring.size();
            bytes -= ring.bytes;
            it.remove();
        }
        events -= dropped;
        return dropped;
    }

    /** The per-target line bound for a retention that keeps {@code maxPerTarget} (0: no limit) in a store. */
    public static int linesFor(int ringLines, int maxPerTarget) {
        return maxPerTarget > 0 ? Math.min(ringLines, maxPerTarget) : ringLines;
    }

    public long events() {
        return events;
    }

    public long bytes() {
        return bytes;
    }

    public int targets() {
        return rings.size();
    }
}

package chatjar.server.limits;

import chatjar.server.ServerConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Admission control for new connections: a cap on all clients, a cap on open connections per network, and a
 * throttle on how fast one network may open new ones. Networks are the peer address cut to a CIDR prefix
 * (/32 IPv4 and /64 IPv6 by default, since one IPv6 host usually owns a whole /64). Exempt networks (loopback
 * by default: local bouncers, gateways and the bench) skip the per-network rules but still count in the total.
 *
 * <p>The throttle is a token bucket per network holding {@code connectsPerIpPerMinute} tokens and refilling
 * at that rate. Entries are dropped by {@link #sweep} once nothing is open and the bucket is full again, so
 * the table stays as large as the set of recently active networks. Loop thread only.
 */
public final class ConnectionLimiter {
    public enum Verdict { OK, SERVER_FULL, TOO_MANY_FROM_HOST, THROTTLED }

    /** The decision, and for an admitted connection what {@link #release} must give back. */
    public record Admission(Verdict verdict, Cidr network) {
        public boolean admitted() {
            return verdict == Verdict.OK;
        }
    }

    private static final Admission FULL = new Admission(Verdict.SERVER_FULL, null);
    private static final Admission TOO_MANY = new Admission(Verdict.TOO_MANY_FROM_HOST, null);
    private static final Admission SLOW_DOWN = new Admission(Verdict.THROTTLED, null);
    private static final Admission EXEMPT = new Admission(Verdict.OK, null);

    private static final class Entry {
        int open;
        double tokens;
        long refilledAt;
    }

    private final Map<Cidr, Entry> networks = new HashMap<>();
    private ServerConfig.Limits limits;
    private List<Cidr> exempt;
    private int total;
    /** Refusals by verdict since the last {@link #takeReport}: logged as one line a minute, never one per refusal. */
    private final int[] refused = new int[Verdict.values().length];
    private long reportedAt = Long.MIN_VALUE;

    public ConnectionLimiter(ServerConfig.Limits limits) {
        reconfigure(limits);
    }

    /** New limits apply to the next connection; open ones stay (a REHASH never disconnects anyone). */
    public void reconfigure(ServerConfig.Limits limits) {
        List<Cidr> ex = new ArrayList<>();
        for (String s : limits.exempt()) ex.add(Cidr.parse(s));
        this.exempt = ex;
        this.limits = limits;
    }

    /** Decides on a new connection from {@code address}; an admitted one counts until {@link #release}. */
    public Admission admit(String address, long now) {
        Admission a = decide(address, now);
        if (!a.admitted()) refused[a.verdict().ordinal()]++;
        return a;
    }

    private Admission decide(String address, long now) {
        if (total >= limits.maxClients()) return FULL;
        Cidr net = networkOf(address);
        if (net == null) {
            total++;
            return EXEMPT;
        }
        Entry e = networks.get(net);
        if (e == null) {
            e = new Entry();
            e.tokens = limits.connectsPerIpPerMinute();
            e.refilledAt = now;
        }
        if (limits.maxPerIp() > 0 && e.open >= limits.maxPerIp()) return TOO_MANY;
        if (limits.connectsPerIpPerMinute() > 0) {
            refill(e, now);
            if (e.tokens < 1) {
                networks.put(net, e); // remember the empty bucket, or the throttle would forget this network
                return SLOW_DOWN;
            }
            e.tokens -= 1;
        }
        e.open++;
        networks.put(net, e);
        total++;
        return new Admission(Verdict.OK, net);
    }

    /** An admitted connection has closed. */
    public void release(Admission a) {
        if (!a.admitted()) return;
        total--;
        if (a.network() == null) return;
        Entry e = networks.get(a.network());
        if (e != null && e.open > 0) e.open--;
    }

    /** Forgets networks with nothing open and a full bucket; call periodically. */
    public void sweep(long now) {
        for (Iterator<Entry> it = networks.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.open > 0) continue;
            refill(e, now);
            if (e.tokens >= limits.connectsPerIpPerMinute()) it.remove();
        }
    }

    /**
     * A one-line summary of the refusals since the last report, at most once a minute, or null. Under a
     * connection flood this is what the log gets instead of a line per refused socket.
     */
    public String takeReport(long now) {
        if (reportedAt != Long.MIN_VALUE && now - reportedAt < 60_000) return null;
        StringBuilder sb = new StringBuilder();
        for (Verdict v : Verdict.values()) {
            int n = refused[v.ordinal()];
            if (n == 0) continue;
            sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(v.name().toLowerCase(java.util.Locale.ROOT));
            refused[v.ordinal()] = 0;
        }
        if (sb.length() == 0) return null;
        reportedAt = now;
        return "refused connections in the last minute: " + sb;
    }

    public int total() {
        return total;
    }

    /** Networks currently tracked; bounded by recently active ones (tests check it shrinks back). */
    public int trackedNetworks() {
        return networks.size();
    }

    private void refill(Entry e, long now) {
        int perMinute = limits.connectsPerIpPerMinute();
        e.tokens = Math.min(perMinute, e.tokens + (now - e.refilledAt) * perMinute / 60_000.0);
        e.refilledAt = now;
    }

    /** The network the per-IP rules key on, or null when the address is exempt (or not an IP at all). */
    private Cidr networkOf(String address) {
        byte[] ip = Cidr.literal(address);
        if (ip == null) return null;
        for (Cidr c : exempt) if (c.contains(ip)) return null;
        int prefix = ip.length == 4 ? limits.ipv4Prefix() : limits.ipv6Prefix();
        return new Cidr(Cidr.mask(ip, prefix), prefix);
    }
}

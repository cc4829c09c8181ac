package chatjar.server.accounts;

import chatjar.net.Scheduler;
import chatjar.server.limits.Cidr;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Account registrations per network: at most {@link #limit} from one IPv4 /24 or IPv6 /64 in
 * {@link #WINDOW_MS}, so one host (or a neighbourhood of addresses) cannot fill the store with accounts. Counted
 * when a registration is attempted, not when it succeeds, so guessing free names costs the same. The table is
 * bounded; when it is full of live windows, new networks are refused too (a spray cannot lift the limit). Loop
 * thread only.
 */
public final class RegistrationThrottle {
    public static final long WINDOW_MS = 10 * 60_000;
    public static final int DEFAULT_LIMIT = 5;
    private static final int MAX_TRACKED = 4096;

    private final Scheduler clock;
    private final Map<String, long[]> windows = new HashMap<>();
    private int limit = DEFAULT_LIMIT;

    RegistrationThrottle(Scheduler clock) {
        this.clock = clock;
    }

    /** Registrations allowed per network and window; 0 turns the limit off. */
    public void setLimit(int perWindow) {
        this.limit = perWindow;
    }

    /** Counts one attempt from {@code address}; false when its network is over the limit. */
    public boolean allow(String address) {
        if (limit <= 0) return true;
        long now = clock.nowMillis();
        String key = network(address);
        long[] w = windows.get(key);
        if (w == null || now - w[0] >= WINDOW_MS) {
            if (windows.size() >= MAX_TRACKED) windows.values().removeIf(e -> now - e[0] >= WINDOW_MS);
            if (windows.size() >= MAX_TRACKED) return false;
            windows.put(key, new long[] {now, 1});
            return true;
        }
        if (w[1] >= limit) return false;
        w[1]++;
        return true;
    }

    /** {@code 192.0.2.0/24} or {@code 2001:db8::/64} style key; the address itself if it is not a literal. */
    static String network(String address) {
        byte[] raw = Cidr.literal(address);
        if (raw == null) return address;
        return HexFormat.of().formatHex(Cidr.mask(raw, raw.length == 4 ? 24 : 64));
    }
}

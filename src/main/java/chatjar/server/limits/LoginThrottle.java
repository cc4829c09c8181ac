package chatjar.server.limits;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Failed password checks per name (an account for SASL, an operator block for OPER): after
 * {@link #MAX_FAILURES} within {@link #WINDOW_MS}, further attempts on that name fail without a check until the
 * window is over. Keyed by name, not by address, so guessing one password stays at a few tries a minute from
 * any number of connections or addresses, and nobody else is slowed down; unknown names count the same as
 * real ones, so a throttled answer does not tell which exist. Loop thread only.
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 3;
    public static final long WINDOW_MS = 60_000;
    /** A spray over many names must not grow the table without end; the hash worker's queue bounds that case. */
    private static final int MAX_TRACKED = 4096;

    /** {window start, failures in it} per case-folded name. */
    private final Map<String, long[]> failures = new HashMap<>();

    public boolean locked(String name, long now) {
        long[] f = failures.get(key(name));
        return f != null && now - f[0] < WINDOW_MS && f[1] >= MAX_FAILURES;
    }

    public void failed(String name, long now) {
        String k = key(name);
        long[] f = failures.get(k);
        if (f != null && now - f[0] < WINDOW_MS) {
            f[1]++;
            return;
        }
        if (failures.size() >= MAX_TRACKED) failures.values().removeIf(e -> now - e[0] >= WINDOW_MS);
        if (failures.size() < MAX_TRACKED) failures.put(k, new long[] {now, 1});
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

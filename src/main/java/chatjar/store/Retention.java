package chatjar.store;

/**
 * How long history is kept: events older than {@code maxAgeMillis}, and beyond the newest {@code maxPerTarget}
 * of each target, are removed by the periodic purge (0 disables a rule).
 */
public record Retention(long maxAgeMillis, int maxPerTarget) {
    public static final Retention FOREVER = new Retention(0, 0);

    public Retention {
        if (maxAgeMillis < 0 || maxPerTarget < 0) throw new IllegalArgumentException("retention must not be negative");
    }
}

package chatjar.server.caps;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code time} tag value, {@code YYYY-MM-DDThh:mm:ss.sssZ} with exactly three fraction digits as the
 * server-time spec requires (ISO_INSTANT would drop trailing zeros). The seconds part is cached, so a burst of
 * messages in the same second costs one small concatenation each. Loop thread only.
 */
public final class ServerTime {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix;

    public String now() {
        return format(System.currentTimeMillis());
    }

    public String format(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedPrefix = SECONDS.format(Instant.ofEpochSecond(second));
        }
        int ms = (int) Math.floorMod(millis, 1000);
        return cachedPrefix + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms + "Z";
    }
}

package chatjar.net.http;

/**
 * What one request head may cost. A request line past {@code maxRequestLine} is answered 414, more than
 * {@code maxHeaders} header fields or a head past {@code maxHeadBytes} 431; both are detected while the
 * bytes arrive, so a client never makes the parser hold more than {@code maxHeadBytes}.
 */
public record HttpLimits(int maxRequestLine, int maxHeaders, int maxHeadBytes) {
    /** 8 KiB request line (what nginx and most proxies accept), 64 fields, 16 KiB in all. */
    public static final HttpLimits DEFAULT = new HttpLimits(8192, 64, 16384);

    public HttpLimits {
        if (maxRequestLine < 16 || maxHeaders < 1 || maxHeadBytes < maxRequestLine)
            throw new IllegalArgumentException("bad HTTP limits");
    }
}

package chatjar.net.websocket;

import chatjar.net.http.PrometheusText;

/**
 * Connections by transport, as the {@link WebLayer}s of all listeners see them: every connection starts
 * {@code pending} until its first bytes say what it is, then is IRC (lines, {@code nc} included), HTTP, or a
 * WebSocket after an upgrade; each with or without TLS below. Also the cap on connections still speaking HTTP,
 * which, unlike chat sessions, no per-address or server-wide client limit counts. Loop thread only.
 */
public final class WebCounters {
    public enum Transport {
        PENDING("pending"), IRC("irc"), HTTP("http"), WEBSOCKET("websocket");

        final String label;

        Transport(String label) {
            this.label = label;
        }
    }

    /** Connections at once in the HTTP phase (static files, /metrics, a handshake) before a 503. */
    public static final int DEFAULT_MAX_HTTP = 256;

    private final int maxHttp;
    private final long[] open = new long[Transport.values().length * 2];
    private final long[] total = new long[Transport.values().length * 2];

    public WebCounters(int maxHttp) {
        this.maxHttp = maxHttp;
    }

    public WebCounters() {
        this(DEFAULT_MAX_HTTP);
    }

    private static int slot(Transport t, boolean tls) {
        return t.ordinal() * 2 + (tls ? 1 : 0);
    }

    void enter(Transport t, boolean tls) {
        open[slot(t, tls)]++;
        total[slot(t, tls)]++;
    }

    void leave(Transport t, boolean tls) {
        open[slot(t, tls)]--;
    }

    void move(Transport from, Transport to, boolean tls) {
        leave(from, tls);
        enter(to, tls);
    }

    /** True when one more connection may speak HTTP. */
    boolean httpRoom() {
        return open[slot(Transport.HTTP, false)] + open[slot(Transport.HTTP, true)] < maxHttp;
    }

    public long open(Transport t, boolean tls) {
        return open[slot(t, tls)];
    }

    /** Connections that became {@code t} since the start. */
    public long total(Transport t, boolean tls) {
        return total[slot(t, tls)];
    }

    /** Two families: open connections now, and connections that became each transport since the start. */
    public void write(PrometheusText out) {
        out.family("chatjar_connections", PrometheusText.Type.GAUGE,
                "Open connections by transport (pending: not yet sniffed)");
        for (Transport t : Transport.values()) {
            for (int tls = 0; tls < 2; tls++) {
                out.sample(new String[]{"transport", t.label, "tls", tls == 1 ? "true" : "false"}, open[t.ordinal() * 2 + tls]);
            }
        }
        out.family("chatjar_connections_by_transport_total", PrometheusText.Type.COUNTER,
                "Connections that became each transport since the start");
        for (Transport t : Transport.values()) {
            if (t == Transport.PENDING) continue;
            for (int tls = 0; tls < 2; tls++) {
                out.sample(new String[]{"transport", t.label, "tls", tls == 1 ? "true" : "false"}, total[t.ordinal() * 2 + tls]);
            }
        }
    }
}

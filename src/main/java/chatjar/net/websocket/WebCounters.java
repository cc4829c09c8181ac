package chatjar.net.websocket;

import chatjar.net.http.PrometheusText;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Connections by transport, as the {@link WebLayer}s of all listeners see them: every connection starts
 * {@code pending} until its first bytes say what it is, then is IRC (lines, {@code nc} included), HTTP, or a
 * WebSocket after an upgrade; each with or without TLS below. Also the caps on connections still speaking HTTP,
 * which, unlike chat sessions (a WebSocket after its upgrade is one), no client limit of the server counts: one
 * on all of them, and one per network, so a single address cannot take every slot and keep others' pages from
 * loading. Networks are what {@code network} maps an address to (the server's per-IP rule: /32 or /64, null for
 * an exempt one such as loopback). Loop thread only.
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
    /** Per network: a browser opens at most six connections to a host, plus its WebSocket being upgraded. */
    public static final int DEFAULT_MAX_HTTP_PER_ADDRESS = 16;

    private final int maxHttp;
    private final int maxHttpPerAddress;
    private final Function<String, Object> network;
    /** Open HTTP-phase connections per network; an entry goes when its count reaches zero. */
    private final Map<Object, int[]> httpByNetwork = new HashMap<>();
    private final long[] open = new long[Transport.values().length * 2];
    private final long[] total = new long[Transport.values().length * 2];

    /**
     * @param maxHttpPerAddress 0 for no per-network cap
     * @param network           the key an address counts under, null when it is exempt
     */
    public WebCounters(int maxHttp, int maxHttpPerAddress, Function<String, Object> network) {
        this.maxHttp = maxHttp;
        this.maxHttpPerAddress = maxHttpPerAddress;
        this.network = network;
    }

    public WebCounters(int maxHttp) {
        this(maxHttp, DEFAULT_MAX_HTTP_PER_ADDRESS, address -> address);
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

    /** Why one more connection may not speak HTTP, or null when it may. */
    String httpRefusal(String address) {
        if (open[slot(Transport.HTTP, false)] + open[slot(Transport.HTTP, true)] >= maxHttp) return "HTTP connections full";
        if (maxHttpPerAddress <= 0) return null;
        Object key = network.apply(address);
        int[] n = key == null ? null : httpByNetwork.get(key);
        return n != null && n[0] >= maxHttpPerAddress ? "Too many HTTP connections from your host" : null;
    }

    /** A connection from {@code address} starts speaking HTTP; returns the key {@link #httpLeft} takes. */
    Object httpEntered(String address) {
        Object key = maxHttpPerAddress <= 0 ? null : network.apply(address);
        if (key != null) httpByNetwork.computeIfAbsent(key, k -> new int[1])[0]++;
        return key;
    }

    /** That connection upgraded or closed. */
    void httpLeft(Object key) {
        if (key == null) return;
        int[] n = httpByNetwork.get(key);
        if (n != null && --n[0] <= 0) httpByNetwork.remove(key);
    }

    /** Networks with an HTTP connection open now: bounded by those connections (the tests check it empties). */
    public int httpNetworks() {
        return httpByNetwork.size();
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

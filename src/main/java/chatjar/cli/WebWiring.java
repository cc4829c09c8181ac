package chatjar.cli;

import chatjar.net.Layer;
import chatjar.net.Protocol;
import chatjar.net.http.AddressAllowList;
import chatjar.net.http.HttpLimits;
import chatjar.net.http.HttpRoutes;
import chatjar.net.http.MetricsResponder;
import chatjar.net.http.StaticFiles;
import chatjar.net.reactor.EventLoop;
import chatjar.net.websocket.OriginPolicy;
import chatjar.net.websocket.WebConfig;
import chatjar.net.websocket.WebCounters;
import chatjar.net.websocket.WebLayer;
import chatjar.net.websocket.WebSocketEncoder;
import chatjar.server.ChatServer;
import chatjar.server.ServerConfig;
import chatjar.server.limits.Cidr;

import java.util.List;
import java.util.function.Function;

/**
 * The web side of the server's composition, shared by {@code chat.jar server} and the tests: the client's
 * files read from the jar (once, before the loop starts), the routes with {@code /metrics}, the Origin policy and
 * limits, and the web layers each listener puts under its line framer.
 */
public final class WebWiring {
    /**
     * What the options say; {@code metricsAllow} empty means no {@code /metrics} at all; {@code requestTimeoutMillis}
     * bounds an HTTP request and an idle keep-alive connection; {@code httpPerIp} caps a network's connections
     * in the HTTP phase (0: no cap), networks and exemptions as the server's {@code --max-per-ip}.
     */
    public record Settings(List<String> origins, List<String> metricsAllow, int maxMessage, long requestTimeoutMillis,
                           int httpPerIp) {
        public static Settings defaults() {
            return new Settings(List.of(), List.of("127.0.0.0/8", "::1"), WebConfig.DEFAULT_MAX_MESSAGE,
                    WebLayer.REQUEST_TIMEOUT_MILLIS, WebCounters.DEFAULT_MAX_HTTP_PER_ADDRESS);
        }

        public Settings withOrigins(List<String> o) { return new Settings(o, metricsAllow, maxMessage, requestTimeoutMillis, httpPerIp); }
        public Settings withMetricsAllow(List<String> a) { return new Settings(origins, a, maxMessage, requestTimeoutMillis, httpPerIp); }
        public Settings withMaxMessage(int m) { return new Settings(origins, metricsAllow, m, requestTimeoutMillis, httpPerIp); }
        public Settings withRequestTimeout(long ms) { return new Settings(origins, metricsAllow, maxMessage, ms, httpPerIp); }
        public Settings withHttpPerIp(int n) { return new Settings(origins, metricsAllow, maxMessage, requestTimeoutMillis, n); }
    }

    private final WebConfig config;
    private final WebCounters counters;
    private final ServerMetrics metrics;
    private final int maxLine;
    private final long requestTimeoutMillis;

    /** Reads the web client from the class path (blocking); IllegalArgumentException for a bad address or limit. */
    public WebWiring(ChatServer server, Settings settings) {
        if (settings.maxMessage() < 1024 || settings.maxMessage() > 1 << 20) {
            throw new IllegalArgumentException("WebSocket message limit must be 1024 to 1048576 bytes, got " + settings.maxMessage());
        }
        if (settings.httpPerIp() < 0) throw new IllegalArgumentException("HTTP connections per IP must be 0 or more, got " + settings.httpPerIp());
        this.maxLine = server.config().maxFrame();
        this.counters = new WebCounters(WebCounters.DEFAULT_MAX_HTTP, settings.httpPerIp(), network(server.config().limits()));
        this.requestTimeoutMillis = settings.requestTimeoutMillis();
        this.metrics = new ServerMetrics(server, counters);
        MetricsResponder responder = settings.metricsAllow().isEmpty() ? null
                : new MetricsResponder(metrics, AddressAllowList.of(settings.metricsAllow()));
        StaticFiles files = StaticFiles.fromClasspath(WebWiring.class.getClassLoader(), "web/");
        this.config = new WebConfig(HttpLimits.DEFAULT, new HttpRoutes(files, responder), OriginPolicy.of(settings.origins()),
                settings.maxMessage(), settings.maxMessage(), new WebSocketEncoder.FrameCache(16));
    }

    /**
     * An address's network as the server's per-IP limit cuts it (/32, /64 by default), null for an exempt one
     * (loopback by default) or a non-IP address; taken once at startup (a REHASH keeps the web's).
     */
    private static Function<String, Object> network(ServerConfig.Limits limits) {
        List<Cidr> exempt = limits.exempt().stream().map(Cidr::parse).toList();
        return address -> {
            byte[] ip = Cidr.literal(address);
            if (ip == null) return null;
            for (Cidr c : exempt) if (c.contains(ip)) return null;
            int prefix = ip.length == 4 ? limits.ipv4Prefix() : limits.ipv6Prefix();
            return new Cidr(Cidr.mask(ip, prefix), prefix);
        };
    }

    /** The protocol to give the transport: the server, with the close reasons /metrics counts. */
    public Protocol protocol(Protocol server) {
        return metrics.counting(server);
    }

    /** Lets /metrics show the loop's own counters. */
    public void attach(EventLoop loop) {
        metrics.attach(loop);
    }

    /** IRC, HTTP and WebSocket on one port; {@code tls}: the layer sits on TLS (https, wss). */
    public Layer.Factory shared(boolean tls) {
        return new WebLayer.Factory(config, counters, maxLine, tls, false, WebLayer.SNIFF_MILLIS, requestTimeoutMillis);
    }

    /** HTTP and WebSocket only ({@code --http-port}). */
    public Layer.Factory httpOnly(boolean tls) {
        return new WebLayer.Factory(config, counters, maxLine, tls, true, WebLayer.SNIFF_MILLIS, requestTimeoutMillis);
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public WebCounters counters() {
        return counters;
    }
}

package chatjar.net.http;

import java.util.regex.Pattern;

/**
 * What an HTTP request on a chat.jar port gets, once the layer knows it is not a WebSocket upgrade:
 * {@code /metrics} if configured, a static file of the web client, else 404. Every response, errors included,
 * carries the security headers: a strict Content-Security-Policy (no inline script, nothing from another
 * origin but the page's own WebSocket), {@code nosniff}, no framing, no referrer.
 */
public final class HttpRoutes {
    public static final String METRICS_PATH = "/metrics";

    /** A Host we are willing to repeat inside the CSP: name or IP literal and a port, nothing that could end a directive. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final StaticFiles files;
    private final MetricsResponder metrics;

    /** {@code metrics} may be null: then {@code /metrics} is a 404 like any unknown path. */
    public HttpRoutes(StaticFiles files, MetricsResponder metrics) {
        this.files = files;
        this.metrics = metrics;
    }

    public HttpResponse respond(HttpRequest req, String remoteAddress) {
        String path = req.path();
        HttpResponse r;
        if (metrics != null && path.equals(METRICS_PATH)) r = metrics.respond(req, remoteAddress);
        else {
            r = files.respond(req);
            if (r == null) r = HttpResponse.error(HttpStatus.NOT_FOUND);
        }
        if (!req.keepAlive()) r.close();
        if (req.isHead()) r.omitBody(); // errors too: a HEAD answer never has a body
        return secure(r, req.header("host"));
    }

    /** The answer to a request the parser refused (400, 405, 413, 414, 431, 505) or one that timed out (408). */
    public static HttpResponse reject(HttpStatus status) {
        HttpResponse r = HttpResponse.error(status);
        if (status == HttpStatus.METHOD_NOT_ALLOWED) r.header("Allow", "GET, HEAD");
        return secure(r, null);
    }

    /** Adds the security headers; {@code host} (the request's Host, may be null) names the page's own WebSocket. */
    public static HttpResponse secure(HttpResponse r, String host) {
        return r.header("Content-Security-Policy", contentSecurityPolicy(host))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
    }

    /**
     * CSP Level 3 lets {@code 'self'} cover ws: and wss: to the same host, but older browsers need the WebSocket
     * origin spelt out, so the page's host is added when the Host header is a plain host[:port].
     */
    static String contentSecurityPolicy(String host) {
        String connect = "'self'";
        if (host != null && HOST.matcher(host).matches()) connect += " ws://" + host + " wss://" + host;
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + connect + "; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}

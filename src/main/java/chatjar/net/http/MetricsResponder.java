package chatjar.net.http;

import java.util.function.Consumer;

/**
 * {@code GET /metrics}: what an operator scrapes instead of typing {@code /stats}. The server supplies the
 * figures by writing into a fresh {@link PrometheusText} on each scrape (on the loop thread, where the counters
 * live, so reading them needs no lock); only addresses on the allow-list get them, anyone else a 403.
 */
public final class MetricsResponder {
    private final Consumer<PrometheusText> source;
    private final AddressAllowList allowed;

    public MetricsResponder(Consumer<PrometheusText> source, AddressAllowList allowed) {
        this.source = source;
        this.allowed = allowed;
    }

    /** Loopback only. */
    public MetricsResponder(Consumer<PrometheusText> source) {
        this(source, AddressAllowList.LOOPBACK);
    }

    public HttpResponse respond(HttpRequest req, String remoteAddress) {
        if (!allowed.allows(remoteAddress)) return HttpResponse.error(HttpStatus.FORBIDDEN);
        PrometheusText text = new PrometheusText();
        source.accept(text);
        HttpResponse r = HttpResponse.of(HttpStatus.OK)
                .body(text.toBytes(), PrometheusText.CONTENT_TYPE)
                .header("Cache-Control", "no-store");
        if (req.isHead()) r.omitBody();
        return r;
    }
}

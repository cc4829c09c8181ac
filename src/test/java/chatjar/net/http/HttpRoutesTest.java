package chatjar.net.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Static files, conditional and compressed responses, /metrics and its allow-list, the security headers. */
class HttpRoutesTest {
    static final String JS = "export const x = 1;\n".repeat(100);
    static final StaticFiles FILES = new StaticFiles(Map.of(
            "index.html", "<!doctype html><title>t</title>".getBytes(StandardCharsets.UTF_8),
            "app/app.js", JS.getBytes(StandardCharsets.UTF_8),
            "logo.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}));
    static final HttpRoutes ROUTES = new HttpRoutes(FILES, new MetricsResponder(
            m -> m.counter("chatjar_messages_total", "Messages relayed.", 42)
                    .family("chatjar_connections", PrometheusText.Type.GAUGE, "Open connections by transport.")
                    .sample(new String[]{"transport", "tcp"}, 3).sample(new String[]{"transport", "ws\"x"}, 1)));

    static HttpRequest get(String target, String... headers) {
        StringBuilder s = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:20000\r\n");
        for (String h : headers) s.append(h).append("\r\n");
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        assertThat(p.state()).isEqualTo(HttpRequestParser.State.COMPLETE);
        return p.request();
    }

    static String head(HttpResponse r) {
        return new String(r.head(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void rootServesIndexWithSecurityHeaders() {
        HttpResponse r = ROUTES.respond(get("/"), "10.0.0.5");
        assertThat(r.status()).isEqualTo(HttpStatus.OK);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Security-Policy"))
                .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                        "connect-src 'self' ws://127.0.0.1:20000 wss://127.0.0.1:20000")
                .doesNotContain("unsafe-inline");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{24}\"");
        assertThat(r.closes()).isFalse();
    }

    @Test
    void aHostThatCouldBreakTheCspIsLeftOut() {
        assertThat(HttpRoutes.contentSecurityPolicy("evil; script-src *")).contains("connect-src 'self';");
        assertThat(HttpRoutes.contentSecurityPolicy("[::1]:20000")).contains("ws://[::1]:20000");
    }

    @Test
    void etagRevalidatesTo304WithoutBody() {
        String etag = ROUTES.respond(get("/app/app.js"), "x").header("ETag");
        HttpResponse r = ROUTES.respond(get("/app/app.js", "If-None-Match: W/\"zz\", " + etag), "x");
        assertThat(r.status()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(r.body()).isNull();
        assertThat(r.header("ETag")).isEqualTo(etag);
    }

    @Test
    void gzipWhenAcceptedAndWorthIt() throws IOException {
        HttpResponse r = ROUTES.respond(get("/app/app.js", "Accept-Encoding: gzip, deflate, br"), "x");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.body().length).isLessThan(JS.length() / 4);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(JS);
        }
        String gzEtag = r.header("ETag");
        HttpResponse plain = ROUTES.respond(get("/app/app.js", "Accept-Encoding: gzip;q=0, identity"), "x");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("ETag")).isNotEqualTo(gzEtag);
        assertThat(plain.body()).hasSize(JS.length());
        assertThat(StaticFiles.acceptsGzip("*")).isTrue();
        assertThat(StaticFiles.acceptsGzip("*, gzip;q=0")).isFalse();
        // tiny and binary files are not compressed
        assertThat(ROUTES.respond(get("/index.html", "Accept-Encoding: gzip"), "x").header("Content-Encoding")).isNull();
        assertThat(ROUTES.respond(get("/logo.png", "Accept-Encoding: gzip"), "x").header("Content-Encoding")).isNull();
    }

    @Test
    void headKeepsHeadersWithoutBody() {
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = "HEAD /app/app.js HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        HttpResponse r = ROUTES.respond(p.request(), "x");
        assertThat(r.body()).isNull();
        assertThat(head(r)).contains("Content-Length: " + JS.length());
        p.reset();
        b = "HEAD /nope HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        HttpResponse missing = ROUTES.respond(p.request(), "x");
        assertThat(missing.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.body()).isNull();
    }

    @Test
    void unknownPathsAndTraversalAre404() {
        for (String path : List.of("/nope", "/../pom.xml", "/app/../index.html", "/%2e%2e/x", "/app/", "/index.html/"))
            assertThat(ROUTES.respond(get(path), "x").status()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ROUTES.respond(get("/nope"), "x").header("Content-Security-Policy")).isNotNull();
    }

    @Test
    void connectionCloseIsHonoured() {
        assertThat(ROUTES.respond(get("/", "Connection: close"), "x").closes()).isTrue();
    }

    @Test
    void metricsOnlyForAllowedAddresses() {
        HttpResponse r = ROUTES.respond(get("/metrics"), "127.0.0.1");
        assertThat(r.status()).isEqualTo(HttpStatus.OK);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("""
                # HELP chatjar_messages_total Messages relayed.
                # TYPE chatjar_messages_total counter
                chatjar_messages_total 42
                # HELP chatjar_connections Open connections by transport.
                # TYPE chatjar_connections gauge
                chatjar_connections{transport="tcp"} 3
                chatjar_connections{transport="ws\\"x"} 1
                """);
        assertThat(ROUTES.respond(get("/metrics"), "::1").status()).isEqualTo(HttpStatus.OK);
        assertThat(ROUTES.respond(get("/metrics"), "::ffff:127.0.0.1").status()).isEqualTo(HttpStatus.OK);
        assertThat(ROUTES.respond(get("/metrics"), "192.168.1.9").status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(ROUTES.respond(get("/metrics"), "localhost").status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(new HttpRoutes(FILES, null).respond(get("/metrics"), "127.0.0.1").status())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void allowListParsesCidrsAndRefusesNames() {
        AddressAllowList a = AddressAllowList.of(List.of("10.1.0.0/16", "2001:db8::/32", "192.0.2.7"));
        assertThat(a.allows("10.1.200.3")).isTrue();
        assertThat(a.allows("10.2.0.1")).isFalse();
        assertThat(a.allows("2001:db8:1::5")).isTrue();
        assertThat(a.allows("2001:db9::5")).isFalse();
        assertThat(a.allows("192.0.2.7")).isTrue();
        assertThat(a.allows("192.0.2.8")).isFalse();
        assertThat(a.allows("10.1.0.256")).isFalse();
        assertThatThrownBy(() -> AddressAllowList.of(List.of("example.org"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressAllowList.of(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prometheusNamesAreChecked() {
        assertThatThrownBy(() -> new PrometheusText().counter("bad name", "h", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusText().counter("a", "h", 1).counter("a", "h", 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PrometheusText().gauge("busy_ratio", "a\nb", 0.25).toString())
                .isEqualTo("# HELP busy_ratio a\\nb\n# TYPE busy_ratio gauge\nbusy_ratio 0.25\n");
    }
}

package chatjar.net.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The web client as the jar serves it: every file present, typed, secured, and free of inline script or HTML sinks. */
class WebClientResourcesTest {
    static final StaticFiles FILES = StaticFiles.fromClasspath(WebClientResourcesTest.class.getClassLoader(), "web/");
    static final HttpRoutes ROUTES = new HttpRoutes(FILES, null);
    static final List<String> MODULES = List.of("app/main.js", "app/irc.js", "app/state.js", "app/client.js",
            "app/view.js", "app/commands.js", "app/handlers.js");

    static HttpRequest get(String path, String... headers) {
        StringBuilder s = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:20000\r\n");
        for (String h : headers) s.append(h).append("\r\n");
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        return p.request();
    }

    static String body(String path) {
        return new String(ROUTES.respond(get(path), "127.0.0.1").body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyFileIsServedWithItsTypeAndTheSecurityHeaders() {
        assertThat(FILES.has("/")).isTrue();
        for (String f : List.of("/", "/style.css", "/favicon.svg")) assertThat(FILES.has(f)).as(f).isTrue();
        for (String m : MODULES) {
            HttpResponse r = ROUTES.respond(get("/" + m), "127.0.0.1");
            assertThat(r.status()).as(m).isEqualTo(HttpStatus.OK);
            assertThat(r.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe");
            assertThat(r.header("ETag")).isNotBlank();
        }
        assertThat(ROUTES.respond(get("/"), "x").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(ROUTES.respond(get("/style.css"), "x").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        HttpResponse gz = ROUTES.respond(get("/app/state.js", "Accept-Encoding: gzip"), "x");
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(ROUTES.respond(get("/app/nope.js"), "x").status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void everyImportResolvesToAServedFile() {
        Pattern imp = Pattern.compile("from '\\./([a-z]+\\.js)'");
        for (String m : MODULES) {
            Matcher x = imp.matcher(body("/" + m));
            while (x.find()) assertThat(FILES.has("/app/" + x.group(1))).as(m + " imports " + x.group(1)).isTrue();
        }
        String html = body("/");
        assertThat(html).contains("<script type=\"module\" src=\"app/main.js\"></script>")
                .contains("<link rel=\"stylesheet\" href=\"style.css\">");
    }

    @Test
    void noInlineScriptStylesOrHtmlSinks() {
        String html = body("/");
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find()).as("inline script").isFalse();
        assertThat(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find()).as("inline handler").isFalse();
        assertThat(html).doesNotContain(" style=").doesNotContain("http://").doesNotContain("https://");
        for (String m : MODULES) {
            assertThat(body("/" + m)).as(m).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function", "http://cdn", "https://");
        }
    }

    /** The pom filters resources; the client's files must come out of the jar byte for byte as written. */
    @Test
    void resourceFilteringLeavesTheClientUntouched() throws IOException {
        Path src = Path.of("src/main/resources/web");
        if (!Files.isDirectory(src)) return; // run from elsewhere than the project root
        try (var walk = Files.walk(src)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = src.relativize(p).toString().replace('\\', '/');
                byte[] served = ROUTES.respond(get("/" + rel), "x").body();
                assertThat(served).as(rel).isEqualTo(Files.readAllBytes(p));
            }
        }
    }
}

package chatjar.net.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds request heads split at every point, and every limit until it breaks. */
class HttpRequestParserTest {
    static final String GET = "GET /app/irc.js?v=1 HTTP/1.1\r\nHost: chat.example:20000\r\n"
            + "Accept-Encoding: gzip, br\r\nConnection: keep-alive, Upgrade\r\n\r\n";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static HttpRequestParser parse(String s) {
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = bytes(s);
        p.feed(b, 0, b.length);
        return p;
    }

    static HttpStatus error(String s) {
        HttpRequestParser p = parse(s);
        assertThat(p.state()).isEqualTo(HttpRequestParser.State.FAILED);
        return p.error();
    }

    @Test
    void parsesTheSameRequestWhereverTheBytesAreSplit() {
        byte[] all = bytes(GET);
        for (int a = 0; a <= all.length; a++) {
            for (int b = a; b <= all.length; b += 7) {
                HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
                int used = p.feed(all, 0, a) + p.feed(all, a, b - a) + p.feed(all, b, all.length - b);
                assertThat(used).isEqualTo(all.length);
                assertThat(p.state()).as("split %d/%d", a, b).isEqualTo(HttpRequestParser.State.COMPLETE);
                HttpRequest r = p.request();
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.target()).isEqualTo("/app/irc.js?v=1");
                assertThat(r.path()).isEqualTo("/app/irc.js");
                assertThat(r.header("HOST")).isEqualTo("chat.example:20000");
                assertThat(r.headerHasToken("connection", "upgrade")).isTrue();
                assertThat(r.keepAlive()).isTrue();
            }
        }
    }

    @Test
    void byteByByte() {
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] all = bytes(GET);
        for (int i = 0; i < all.length; i++) {
            assertThat(p.state()).isEqualTo(HttpRequestParser.State.NEED_MORE);
            assertThat(p.feed(all, i, 1)).isEqualTo(1);
        }
        assertThat(p.state()).isEqualTo(HttpRequestParser.State.COMPLETE);
    }

    @Test
    void stopsAtTheEndOfTheHeadAndLeavesTheRest() {
        String frames = "\u0081\u0085rest";
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = bytes(GET + frames);
        assertThat(p.feed(b, 0, b.length)).isEqualTo(GET.length());
        assertThat(p.feed(b, GET.length(), frames.length())).isZero(); // nothing more once complete
    }

    @Test
    void pipelinedRequestsAfterReset() {
        byte[] b = bytes(GET + "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        HttpRequestParser p = new HttpRequestParser(HttpLimits.DEFAULT);
        int used = p.feed(b, 0, b.length);
        assertThat(p.request().method()).isEqualTo("GET");
        p.reset();
        assertThat(p.heldBytes()).isZero();
        p.feed(b, used, b.length - used);
        assertThat(p.request().isHead()).isTrue();
        assertThat(p.request().keepAlive()).isFalse();
    }

    @Test
    void bareLfLinesAndLeadingBlankLinesAndHttp10() {
        HttpRequest r = parse("\r\nGET / HTTP/1.0\nX-A:  b  \n\n").request();
        assertThat(r.minorVersion()).isZero();
        assertThat(r.header("x-a")).isEqualTo("b");
        assertThat(r.keepAlive()).isFalse(); // 1.0 closes unless asked
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").request().keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").request().keepAlive()).isFalse();
    }

    @Test
    void onlyGetAndHeadAre405Otherwise() {
        assertThat(error("POST / HTTP/1.1\r\n")).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED); // known from the request line
        assertThat(error("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(error("OPTIONS * HTTP/1.1\r\n")).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(error("get / HTTP/1.1\r\n")).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED); // methods are case-sensitive
    }

    @Test
    void aBodyIs413() {
        assertThat(error("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n")).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(error("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").state())
                .isEqualTo(HttpRequestParser.State.COMPLETE);
        assertThat(error("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void longRequestLineIs414AsSoonAsItPassesTheLimit() {
        HttpRequestParser p = new HttpRequestParser(new HttpLimits(64, 4, 256));
        byte[] b = bytes("GET /" + "a".repeat(100)); // no line end yet: refused without waiting for one
        p.feed(b, 0, b.length);
        assertThat(p.error()).isEqualTo(HttpStatus.URI_TOO_LONG);
        assertThat(p.heldBytes()).isZero();
    }

    @Test
    void tooManyOrTooLargeHeadersAre431() {
        HttpLimits small = new HttpLimits(64, 4, 256);
        HttpRequestParser p = new HttpRequestParser(small);
        byte[] b = bytes("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(5));
        p.feed(b, 0, b.length);
        assertThat(p.error()).isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);

        p = new HttpRequestParser(small);
        b = bytes("GET / HTTP/1.1\r\nCookie: " + "c".repeat(300));
        int used = p.feed(b, 0, b.length);
        assertThat(p.error()).isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        assertThat(used).isLessThanOrEqualTo(256 + 16 + 2); // stopped reading at the limit
        // exactly at the limits is fine
        p = new HttpRequestParser(small);
        b = bytes("GET / HTTP/1.1\r\nHost: h\r\n" + "A: b\r\n".repeat(3) + "\r\n");
        p.feed(b, 0, b.length);
        assertThat(p.state()).isEqualTo(HttpRequestParser.State.COMPLETE);
    }

    @Test
    void malformedHeadsAre400Or505() {
        assertThat(error("GET / HTTP/1.1\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST); // no Host
        assertThat(error("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n  folded\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1.1\r\nHost : a\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1.1\r\n: a\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1.1\rHost: a\r\n\r\n")).isEqualTo(HttpStatus.BAD_REQUEST); // lone CR
        assertThat(error("GET  / HTTP/1.1\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET http://x/ HTTP/1.1\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET /\u00e9 HTTP/1.1\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/1\r\n")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(error("GET / HTTP/2.0\r\n")).isEqualTo(HttpStatus.HTTP_VERSION_NOT_SUPPORTED);
        assertThat(error("NICK alice\r\n")).isEqualTo(HttpStatus.BAD_REQUEST); // an IRC client on the web port
    }

    @Test
    void headBufferIsReleasedWhenDone() {
        HttpRequestParser p = parse(GET);
        assertThat(p.heldBytes()).isZero();
        p = new HttpRequestParser(HttpLimits.DEFAULT);
        byte[] b = bytes("GET / HTTP/1.1\r\nHost:");
        p.feed(b, 0, b.length);
        assertThat(p.heldBytes()).isBetween(1, 512); // grows with the head, not to the limit
    }
}

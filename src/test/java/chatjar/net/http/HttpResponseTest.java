package chatjar.net.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpResponseTest {
    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void headStatesLengthAndCloseAndBodyIsNotCopied() {
        byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
        HttpResponse r = HttpResponse.of(HttpStatus.OK).body(body, "text/plain").header("X-A", "b").close();
        String head = text(r.head());
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n")
                .containsPattern("\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n")
                .contains("\r\nContent-Type: text/plain\r\n").contains("\r\nX-A: b\r\n")
                .contains("\r\nContent-Length: 5\r\n").contains("\r\nConnection: close\r\n").endsWith("\r\n\r\n");
        assertThat(r.body()).isSameAs(body);
        assertThat(r.closes()).isTrue();
        assertThat(text(r.toBytes())).endsWith("\r\n\r\nhello");
    }

    @Test
    void headRequestKeepsTheLengthWithoutTheBody() {
        HttpResponse r = HttpResponse.of(HttpStatus.OK).body(new byte[10], "x/y").omitBody();
        assertThat(text(r.head())).contains("Content-Length: 10\r\n").doesNotContain("Connection: close");
        assertThat(r.body()).isNull();
    }

    @Test
    void switchingProtocolsAndNotModifiedHaveNoLength() {
        assertThat(text(HttpResponse.of(HttpStatus.SWITCHING_PROTOCOLS).head())).doesNotContain("Content-Length");
        assertThat(text(HttpResponse.of(HttpStatus.NOT_MODIFIED).head())).doesNotContain("Content-Length");
    }

    @Test
    void headerInjectionIsRefused() {
        assertThatThrownBy(() -> HttpResponse.of(HttpStatus.OK).header("X", "a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorPagesCloseAnd405SaysAllow() {
        HttpResponse r = HttpRoutes.reject(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(text(r.toBytes())).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: GET, HEAD\r\n")
                .contains("Connection: close").contains("Content-Security-Policy: default-src 'self'")
                .endsWith("405 Method Not Allowed\n");
        assertThat(r.closes()).isTrue();
    }
}

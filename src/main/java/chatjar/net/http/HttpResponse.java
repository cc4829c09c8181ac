package chatjar.net.http;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A response as two arrays: the head, built here, and the body, which is never copied (a static file's bytes
 * are shared by every response that serves them, as a broadcast's bytes are in {@code Link.send}). The writer
 * always states the length: {@code Content-Length} (no chunked encoding, every body is known in advance), and
 * says {@code Connection: close} when the connection ends after this response.
 */
public final class HttpResponse {
    /** RFC 9110 §5.6.7: always two-digit days, English names, GMT (RFC_1123_DATE_TIME would write "3 Dec"). */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    private final HttpStatus status;
    private final List<String> headers = new ArrayList<>(16);
    private byte[] body;
    private boolean omitBody;
    private boolean close;

    private HttpResponse(HttpStatus status) {
        this.status = status;
    }

    public static HttpResponse of(HttpStatus status) {
        return new HttpResponse(status);
    }

    /** A short plain-text error page; the connection closes after it (what the client sent is not trusted). */
    public static HttpResponse error(HttpStatus status) {
        return of(status)
                .body((status.code + " " + status.reason + "\n").getBytes(StandardCharsets.US_ASCII),
                        "text/plain; charset=utf-8")
                .header("Cache-Control", "no-store")
                .close();
    }

    /** Adds a header. Names and values with CR, LF or other control characters are refused (no injection). */
    public HttpResponse header(String name, String value) {
        check(name);
        check(value);
        headers.add(name);
        headers.add(value);
        return this;
    }

    /** The body, not copied: the caller must never modify it afterwards. */
    public HttpResponse body(byte[] body, String contentType) {
        this.body = body;
        return header("Content-Type", contentType);
    }

    /** Keeps the length but sends no body (HEAD). */
    public HttpResponse omitBody() {
        omitBody = true;
        return this;
    }

    /** Ends the connection after this response. */
    public HttpResponse close() {
        close = true;
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    /** True when the caller must close the connection once this response is flushed. */
    public boolean closes() {
        return close;
    }

    /** The first value of a header set on this response, or null (case-insensitive). */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) if (headers.get(i).equalsIgnoreCase(name)) return headers.get(i + 1);
        return null;
    }

    /** Status line and headers, ending with the blank line. */
    public byte[] head() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status.code).append(' ').append(status.reason).append("\r\n");
        sb.append("Date: ").append(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        for (int i = 0; i < headers.size(); i += 2)
            sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        if (status != HttpStatus.SWITCHING_PROTOCOLS && status != HttpStatus.NOT_MODIFIED)
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        if (close) sb.append("Connection: close\r\n");
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The body to send after the head, or null when there is none (HEAD, 304, 101). */
    public byte[] body() {
        return omitBody || body == null || body.length == 0 ? null : body;
    }

    /** Head and body in one array; for tests and for small responses where one send is simpler. */
    public byte[] toBytes() {
        byte[] h = head();
        byte[] b = body();
        if (b == null) return h;
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    private static void check(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff)
                throw new IllegalArgumentException("control character in HTTP header");
        }
    }
}
